package org.imagerepo.cli;

import org.imagerepo.client.Image;
import org.imagerepo.client.Sharing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

@Command(name = "share", sortOptions = false,
        description = {
                "Let users, or the members of directory groups, see and fetch an image you own; show it afterwards.",
                "Example:  imagerepo share ID --user bob --group physics"
        })
class ShareCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
    String id;

    @Option(names = "--user", paramLabel = "USER", split = ",",
            description = "a user name; repeat the option or separate with commas")
    List<String> users = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP", split = ",",
            description = "a directory group; repeat the option or separate with commas")
    List<String> groups = new ArrayList<>();

    @Override
    public Integer call() {
        List<String> u = clean(users);
        List<String> g = clean(groups);
        if (u.isEmpty() && g.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "name at least one --user or --group");
        }
        ShowCommand.print(spec, output, apply(root.client(spec).sharing(), u, g));
        return 0;
    }

    Image apply(Sharing sharing, List<String> u, List<String> g) {
        return sharing.share(id, u, g);
    }

    private static List<String> clean(List<String> names) {
        return names == null ? List.of() : names.stream().map(String::strip).filter(n -> !n.isEmpty()).distinct().toList();
    }
}
