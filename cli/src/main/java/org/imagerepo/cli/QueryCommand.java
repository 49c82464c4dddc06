package org.imagerepo.cli;

import org.imagerepo.client.QueryResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;


@Command(name = "query", sortOptions = false,
        description = {
                "Find images with the repository's query language.",
                "Examples:  imagerepo query '*'",
                "           imagerepo query '* where os=ubuntu, tag=hadoop'",
                "           imagerepo query 'name,os where vmType=kvm'",
                "Values are regular expressions; a comma between conditions means AND."
        })
final class QueryCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "QUERY", description = "the query, e.g. \"* where os=ubuntu\"")
    String query;

    @Option(names = "--limit", paramLabel = "N", description = "at most N images")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "skip the first N images")
    Integer offset;

    @Option(names = {"-w", "--wide"},
            description = "for '*', show every field in the table, not just the main ones, and do not shorten values")
    boolean wide;

    @Override
    public Integer call() {
        QueryResult result = root.client(spec).images().query(query, limit, offset);
        print(spec, output, result, wide);
        return 0;
    }

    static void print(CommandSpec spec, OutputOptions output, QueryResult result, boolean wide) {
        if (output.json()) {
            Output.json(spec.commandLine().getOut(), result);
        } else {
            Output.table(spec.commandLine().getOut(), result, wide);
        }
    }
}
