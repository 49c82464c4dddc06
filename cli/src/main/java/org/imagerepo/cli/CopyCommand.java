package org.imagerepo.cli;

import org.imagerepo.client.CopyResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

@Command(name = "copy", aliases = "cp", sortOptions = false,
        description = {
                "Copy an image's file into another store of the repository (e.g. to pre-stage it near a cloud).",
                "The image can then be fetched from either store (get --from STORE). Prints the new location."
        })
final class CopyCommand extends RepositoryCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "the image's id")
    String id;

    @Option(names = "--to", required = true, paramLabel = "STORE",
            description = "the store to copy into: fs, gridfs, s3 or swift (whichever the repository has)")
    String store;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "how long to wait for the catalog to list the copy once it is stored (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Override
    public Integer call() {
        CopyResult copy = root.client(spec).images().copy(id, store, Duration.ofSeconds(timeoutSeconds));
        if (output.json()) {
            Output.json(spec.commandLine().getOut(), copy);
        } else {
            spec.commandLine().getOut().println(copy.location());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
