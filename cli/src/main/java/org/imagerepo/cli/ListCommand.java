package org.imagerepo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


@Command(name = "list", sortOptions = false, description = "List every image you may see (the query \"*\").")
final class ListCommand extends RepositoryCommand {

    @Option(names = "--limit", paramLabel = "N", description = "at most N images")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "skip the first N images")
    Integer offset;

    @Option(names = {"-w", "--wide"}, description = "show every field in the table, not just the main ones")
    boolean wide;

    @Override
    public Integer call() {
        QueryCommand.print(spec, output, root.client(spec).images().query("*", limit, offset), wide);
        return 0;
    }
}
