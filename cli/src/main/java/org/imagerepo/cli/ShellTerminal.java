package org.imagerepo.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shell on a terminal: line editing, completion ({@link ShellCompleter}) and history kept in a file. */
final class ShellTerminal {

    static final String PROMPT = "imagerepo> ";

    private ShellTerminal() {
    }

    /** Reads and runs lines until {@code exit} or end of input (Ctrl-D); the status of the last command. */
    static int run(ImageRepoCli root, Path historyFile) throws IOException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            PrintWriter out = terminal.writer();
            Shell shell = new Shell(root, out, out);
            ShellCompleter completer = new ShellCompleter(ImageRepoCli.commandLine(root.sibling(), out, out),
                    ShellCompleter.cached(() -> imageIds(root), Duration.ofSeconds(5)));
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("imagerepo")
                    .completer(completer)
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .variable(LineReader.HISTORY_FILE_SIZE, 10_000)
                    .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                    .build();
            shell.history(() -> {
                List<String> lines = new ArrayList<>();
                for (History.Entry e : reader.getHistory()) {
                    lines.add(e.line());
                }
                return lines;
            });
            out.println("imagerepo shell: every imagerepo command without the prefix; help lists them, Tab completes, "
                    + "exit leaves.");
            out.flush();
            int status = 0;
            try {
                while (true) {
                    String line;
                    try {
                        line = reader.readLine(PROMPT);
                    } catch (UserInterruptException e) {
                        continue; // Ctrl-C drops the line being typed
                    } catch (EndOfFileException e) {
                        return status;
                    }
                    try {
                        status = shell.execute(line);
                    } catch (Shell.Exit e) {
                        return e.status;
                    }
                }
            } finally {
                shell.stopRecording();
                reader.getHistory().save();
            }
        }
    }

    /** The images the user can see, for completing ids; the first page only, as a list would show. */
    private static Map<String, String> imageIds(ImageRepoCli root) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (Map<String, Object> image : root.client(root.spec).images().query("imgId, name", 500, 0).images()) {
            Object id = image.get("imgId");
            if (id != null) {
                ids.put(id.toString(), image.get("name") == null ? null : image.get("name").toString());
            }
        }
        return ids;
    }
}
