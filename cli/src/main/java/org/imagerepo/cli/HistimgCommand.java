package org.imagerepo.cli;

import org.imagerepo.client.Accounting;
import org.imagerepo.client.ImageHistory;
import org.imagerepo.client.Page;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code imagerepo histimg [ID]}: the paper's image history, from accounting-service's records. */
@Command(name = "histimg", sortOptions = false,
        description = {
                "Show the history of images: their downloads and totals.",
                "Without ID, a table of the images you own (every image for admins) with their download counts; "
                        + "with ID, that image's totals and its downloads, newest first.",
                "Examples:  imagerepo histimg --owner bob",
                "           imagerepo histimg 3f2a... --limit 50"
        })
final class HistimgCommand extends RepositoryCommand {

    static final List<String> COLUMNS = List.of("imgId", "name", "owner", "size", "status", "accessCount",
            "bytesTransferred", "lastAccess");
    static final List<String> ACCESS_COLUMNS = List.of("at", "username", "bytes", "wholeImage");

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "an image's id")
    String id;

    @Option(names = "--owner", paramLabel = "USER", description = "only the images of USER (admins)")
    String owner;

    @Option(names = "--limit", paramLabel = "N", description = "at most N images (with ID: N downloads)")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", description = "skip the first N")
    Integer offset;

    @Override
    public Integer call() {
        Accounting accounting = root.client(spec).accounting();
        PrintWriter out = spec.commandLine().getOut();
        if (id == null) {
            Page<ImageHistory> page = accounting.imageHistory(limit, offset, owner);
            if (output.json()) {
                Output.json(out, page);
            } else {
                Output.records(out, COLUMNS, page.items(), "(no images)");
                Pages.footer(out, page, "images");
            }
            return 0;
        }
        if (owner != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--owner goes with a list, not with an ID");
        }
        ImageHistory h = accounting.imageHistory(id, limit, offset);
        if (output.json()) {
            Output.json(out, h);
            return 0;
        }
        Map<String, Object> fields = Output.fieldsOf(h);
        fields.remove("accesses");
        fields.remove("total");
        Output.fieldLines(out, fields);
        out.println();
        List<ImageHistory.Access> accesses = h.accesses();
        long total = h.total() == null ? accesses.size() : h.total();
        if (accesses.isEmpty()) {
            out.println(total == 0 ? "(no downloads)" : "(no downloads on this page; " + total + " in all)");
            out.flush();
            return 0;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(ACCESS_COLUMNS);
        for (ImageHistory.Access a : accesses) {
            rows.add(List.of(Output.cell("at", a.at(), false), Output.cell("username", a.username(), false),
                    Output.cell("bytes", a.bytes(), false), a.wholeImage() ? "whole" : "range"));
        }
        Output.rows(out, rows);
        if (total > accesses.size()) {
            int from = offset == null ? 0 : offset;
            out.println("(downloads " + (from + 1) + "-" + (from + accesses.size()) + " of " + total
                    + "; --offset " + (from + accesses.size()) + " for more)");
            out.flush();
        }
        return 0;
    }
}
