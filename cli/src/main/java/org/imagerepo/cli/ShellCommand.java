package org.imagerepo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code imagerepo shell [FILE]}: the command shell, on a terminal or over a pipe or a file. */
@Command(name = "shell", sortOptions = false,
        description = {
                "The command shell: every imagerepo command without the prefix, with completion (Tab) and history.",
                "record FILE logs the session as a script that load FILE replays. Lines from a pipe or FILE run in "
                        + "order; the first that fails ends the shell with its exit status.",
                "Examples:  imagerepo shell     imagerepo shell < steps.txt     imagerepo shell steps.txt"
        })
final class ShellCommand extends RepositoryCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "a script to run instead of reading stdin")
    Path script;

    @Option(names = "--history-file", paramLabel = "FILE",
            description = "where the typed commands are kept (default: shell-history beside the saved sign-in)")
    Path historyFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (script != null) {
            Path file = root.workDir().resolve(script);
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return new Shell(root, out, err).script(reader::readLine, file.toString());
            }
        }
        if (root.interactive()) {
            Path history = historyFile != null ? historyFile : root.store().directory().resolve("shell-history");
            return ShellTerminal.run(root, history);
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(root.stdin(), StandardCharsets.UTF_8));
        return new Shell(root, out, err).script(stdin::readLine, "stdin");
    }
}
