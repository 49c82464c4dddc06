package org.imagerepo.cli;

import org.imagerepo.client.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

/** {@code imagerepo verify ID}: every copy of an image's bytes read back and checked. */
@Command(name = "verify", sortOptions = false,
        description = {
                "Read every copy of an image's file back and check its size and SHA-256 (owner or admin).",
                "Takes as long as downloading each copy. Exits 1 when a copy is missing, corrupt or unreadable.",
                "Example:  imagerepo verify 5f1c…"
        })
final class VerifyCommand extends RepositoryCommand {

    static final List<String> COLUMNS = List.of("location", "store", "status", "size", "sha256", "message");

    @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
    String id;

    @Override
    public Integer call() {
        Verification v = root.client(spec).images().verify(id);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            Output.json(out, v);
        } else {
            Output.records(out, COLUMNS, v.locations(), "(no copies)");
        }
        out.flush();
        if (v.ok()) {
            return 0;
        }
        long bad = v.locations().stream().filter(c -> !Verification.OK.equals(c.status())).count();
        PrintWriter err = spec.commandLine().getErr();
        err.println("imagerepo: image " + id + ": " + bad + " of " + v.locations().size() + " copies are not intact"
                + " (imagerepo copy " + id + " --to STORE makes a new one from an intact copy)");
        err.flush();
        return 1;
    }
}
