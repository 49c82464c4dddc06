package org.imagerepo.cli;

import org.imagerepo.client.Image;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;


@Command(name = "show", sortOptions = false, description = "Show every field of one image.")
final class ShowCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
    String id;

    @Override
    public Integer call() {
        print(spec, output, root.client(spec).images().show(id));
        return 0;
    }

    static void print(CommandSpec spec, OutputOptions output, Image image) {
        if (output.json()) {
            Output.json(spec.commandLine().getOut(), image);
        } else {
            Output.details(spec.commandLine().getOut(), image);
        }
    }
}
