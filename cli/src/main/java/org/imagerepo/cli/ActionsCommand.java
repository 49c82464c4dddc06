package org.imagerepo.cli;

import org.imagerepo.client.Page;
import org.imagerepo.client.TriggerAction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code imagerepo actions}: what trigger-service's rules did. */
@Command(name = "actions", sortOptions = false,
        description = {
                "List what the rules did, newest first (admins).",
                "Every action is listed: done, dry-run (would have been done), failed or skipped.",
                "Example:  imagerepo actions --rule unused-images --limit 20"
        })
final class ActionsCommand extends RepositoryCommand {

    static final List<String> COLUMNS = List.of("at", "rule", "subject", "action", "outcome", "reason", "detail");

    @Option(names = "--rule", paramLabel = "RULE", description = "only the actions of RULE")
    String rule;

    @Option(names = "--subject", paramLabel = "SUBJECT",
            description = "only the actions on SUBJECT (an image id, a user name, a reservation id)")
    String subject;

    @Option(names = "--limit", paramLabel = "N", description = "at most N actions")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "skip the first N actions")
    Integer offset;

    @Override
    public Integer call() {
        Page<TriggerAction> page = root.client(spec).rules().actions(rule, subject, limit, offset);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, page);
        } else {
            print(out, page.items());
            Pages.footer(out, page, "actions");
        }
        return 0;
    }

    static void print(PrintWriter out, List<TriggerAction> actions) {
        Output.records(out, COLUMNS, actions, "(no actions)");
    }
}
