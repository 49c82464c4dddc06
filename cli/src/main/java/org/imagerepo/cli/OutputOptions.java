package org.imagerepo.cli;

import picocli.CommandLine.Option;

/** The {@code -o table|json} option of the commands that print images. */
final class OutputOptions {

    enum Format { table, json }

    @Option(names = {"-o", "--output", "--format"}, paramLabel = "FORMAT", defaultValue = "table", order = 90,
            description = "output format: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}; json is the server's "
                    + "JSON, indented)")
    Format format = Format.table;

    boolean json() {
        return format == Format.json;
    }
}
