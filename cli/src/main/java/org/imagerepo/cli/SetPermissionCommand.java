package org.imagerepo.cli;

import org.imagerepo.client.Image;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Locale;

@Command(name = "setpermission", sortOptions = false,
        description = {
                "Make an image you own private (you, the admins and those it is shared with) or public (everyone); "
                        + "show it afterwards.",
                "Example:  imagerepo setpermission ID public"
        })
final class SetPermissionCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
    String id;

    @Parameters(index = "1", paramLabel = "PERMISSION", description = "private or public")
    String permission;

    @Override
    public Integer call() {
        String p = permission.strip().toLowerCase(Locale.ROOT);
        if (!p.equals(Image.PERMISSION_PRIVATE) && !p.equals(Image.PERMISSION_PUBLIC)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "PERMISSION must be private or public, not '" + permission + "'");
        }
        ShowCommand.print(spec, output, root.client(spec).sharing().setPermission(id, p));
        return 0;
    }
}
