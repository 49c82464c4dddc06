package org.imagerepo.cli;

import org.imagerepo.client.Accounting;
import org.imagerepo.client.Page;
import org.imagerepo.client.UserHistory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code imagerepo histuser [USER]}: the paper's user history, from accounting-service's records. */
@Command(name = "histuser", sortOptions = false,
        description = {
                "Show the history of users: quota, space, images, sign-ins, downloads.",
                "Space used counts the images they own; reserved is held by their uploads in progress. Without "
                        + "USER every user (admins); with USER that user (yourself, or anyone for admins).",
                "Example:  imagerepo histuser bob"
        })
final class HistuserCommand extends RepositoryCommand {

    static final List<String> COLUMNS = List.of("username", "quota", "usedBytes", "reservedBytes", "imageCount",
            "downloads", "bytesDownloaded", "lastSignIn");

    @Parameters(index = "0", arity = "0..1", paramLabel = "USER", description = "a user name")
    String user;

    @Option(names = "--limit", paramLabel = "N", description = "at most N users")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "skip the first N users")
    Integer offset;

    @Override
    public Integer call() {
        Accounting accounting = root.client(spec).accounting();
        PrintWriter out = spec.commandLine().getOut();
        if (user != null) {
            if (limit != null || offset != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--limit and --offset go with the list of users, not with USER");
            }
            UserHistory h = accounting.userHistory(user);
            if (output.json()) {
                Output.json(out, h);
            } else {
                Output.details(out, h);
            }
            return 0;
        }
        Page<UserHistory> page = accounting.userHistory(limit, offset);
        if (output.json()) {
            Output.json(out, page);
        } else {
            Output.records(out, COLUMNS, page.items(), "(no users)");
            Pages.footer(out, page, "users");
        }
        return 0;
    }
}
