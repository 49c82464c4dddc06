package org.imagerepo.cli;

import org.imagerepo.client.User;
import picocli.CommandLine.Command;

@Command(name = "whoami", sortOptions = false,
        description = "Show who you are signed in as: your role, status, quota and what you use of it.")
final class WhoamiCommand extends RepositoryCommand {

    @Override
    public Integer call() {
        User me = root.client(spec).users().whoami();
        UserCommand.print(spec, output, me);
        return 0;
    }
}
