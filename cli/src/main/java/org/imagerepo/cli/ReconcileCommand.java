package org.imagerepo.cli;

import org.imagerepo.client.Reconciliation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

/** {@code imagerepo reconcile}: accounting's records against the catalog's images. */
@Command(name = "reconcile", sortOptions = false,
        description = {
                "Check recorded usage against the catalog's images; --repair corrects it.",
                "Compares every user's recorded bytes and image count with the images the catalog says they own "
                        + "(admins) and lists the differences; with --repair the records that differ are corrected.",
                "Example:  imagerepo reconcile --repair"
        })
final class ReconcileCommand extends RepositoryCommand {

    static final List<String> COLUMNS = List.of("username", "recordedBytes", "actualBytes", "recordedImages",
            "actualImages");

    @Option(names = "--repair", description = "correct the records that differ (default: only report them)")
    boolean repair;

    @Override
    public Integer call() {
        Reconciliation r = root.client(spec).accounting().reconcile(repair);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, r);
            return 0;
        }
        out.println("checked " + r.checkedUsers() + " user" + (r.checkedUsers() == 1 ? "" : "s") + ": "
                + (r.drift().isEmpty() ? "no drift" : r.drift().size() + " with drift")
                + (repair ? ", " + r.repaired() + " repaired" : r.drift().isEmpty() ? ""
                : " (imagerepo reconcile --repair corrects them)"));
        if (!r.drift().isEmpty()) {
            Output.records(out, COLUMNS, r.drift(), "");
        }
        out.flush();
        return 0;
    }
}
