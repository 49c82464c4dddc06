package org.imagerepo.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The command shell (the original {@code fg-shell}): every imagerepo command without the prefix, plus the shell's own
 * commands ({@link #BUILTINS}). Lines come from a terminal ({@link ShellTerminal}), a pipe or a file; from a pipe or
 * a file they run in order and the first failure ends the run with its status.
 */
final class Shell {

    /** The shell's own commands. */
    static final Map<String, String> BUILTINS = builtins();

    /** Commands whose output (one line) is a new image's id: recorded as {@code let imgN = …}. */
    private static final Set<String> NEW_IMAGE = Set.of("put");
    /** Commands that change who is signed in: the cached clients are made again after them. */
    private static final Set<String> SIGN_IN = Set.of("login", "logout");

    /** Where lines come from: null at the end. */
    interface Lines {
        String next() throws IOException;
    }

    /** What a command printed and how it ended. */
    record Outcome(int status, String out, String err) {
        String firstErrorLine() {
            return err.lines().filter(l -> !l.isBlank()).findFirst().orElse(null);
        }
    }

    /** Thrown by {@code exit}: ends the shell with this status. */
    static final class Exit extends RuntimeException {
        final int status;

        Exit(int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }

    private final ImageRepoCli root;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Map<String, String> variables = new LinkedHashMap<>();
    private Supplier<List<String>> history = List::of;
    private ShellRecorder recorder;
    private int loadDepth;

    Shell(ImageRepoCli root, PrintWriter out, PrintWriter err) {
        this.root = root;
        this.out = out;
        this.err = err;
    }

    /** How {@code history} lists the lines typed (the terminal's history; none for scripts). */
    void history(Supplier<List<String>> lines) {
        this.history = lines;
    }

    Map<String, String> variables() {
        return variables;
    }

    /**
     * Runs the lines of a pipe or a file in order; the first that fails ends the run.
     *
     * @param source what to call the lines in messages (a file name, or stdin)
     * @return 0, or the status of the first failure (or of {@code exit})
     */
    int script(Lines lines, String source) {
        int number = 0;
        try {
            for (String line = lines.next(); line != null; line = lines.next()) {
                number++;
                int status = execute(line);
                if (status != 0) {
                    err.println("imagerepo shell: " + source + ", line " + number + ": stopped at `" + line.strip()
                            + "` (exit " + status + ")");
                    err.flush();
                    return status;
                }
            }
            return 0;
        } catch (Exit e) {
            return e.status;
        } catch (IOException e) {
            err.println("imagerepo shell: cannot read " + source + ": " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            if (loadDepth == 0) {
                stopRecording();
            }
        }
    }

    /** Runs one line; its exit status. {@code exit} throws {@link Exit}. */
    int execute(String line) {
        List<String> words;
        try {
            words = ShellLine.words(line, variables);
        } catch (IllegalArgumentException e) {
            return fail(2, e.getMessage());
        }
        if (!words.isEmpty() && words.get(0).equals("imagerepo")) {
            words = words.subList(1, words.size()); // the prefix is allowed, and means nothing here
        }
        if (words.isEmpty()) {
            return 0;
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        return switch (name) {
            case "exit", "quit" -> throw new Exit(args.isEmpty() ? 0 : parseStatus(args.get(0)));
            case "help" -> help(args);
            case "history" -> {
                List<String> lines = history.get();
                for (int i = 0; i < lines.size(); i++) {
                    out.printf("%5d  %s%n", i + 1, lines.get(i));
                }
                out.flush();
                yield 0;
            }
            case "record" -> record(args);
            case "load" -> load(args);
            case "let" -> let(args);
            case "shell" -> fail(2, "this is the shell already");
            default -> command(words, null);
        };
    }

    // ------------------------------------------------------------------------------------------------ builtins

    private int help(List<String> args) {
        if (!args.isEmpty()) {
            return command(List.of("help", args.get(0)), null);
        }
        out.println("Every imagerepo command, without the prefix (help COMMAND for one):");
        out.println("  " + String.join(", ", ImageRepoCli.commandLine(root.sibling(), out, err).getSubcommands().keySet()
                .stream().filter(n -> !n.equals("shell") && !n.equals("help")).toList()));
        out.println("The shell's own commands:");
        BUILTINS.forEach((n, what) -> out.printf("  %-26s %s%n", n, what));
        out.println("Words are split and quoted as in sh; $NAME and ${NAME} are the shell's variables.");
        out.flush();
        return 0;
    }

    private int record(List<String> args) {
        if (args.isEmpty()) {
            out.println(recorder == null ? "not recording (record FILE starts)" : "recording to " + recorder.file());
            out.flush();
            return 0;
        }
        if (args.get(0).equals("stop")) {
            if (recorder == null) {
                return fail(1, "not recording");
            }
            Path file = recorder.file();
            stopRecording();
            out.println("recorded to " + file);
            out.flush();
            return 0;
        }
        if (recorder != null) {
            return fail(1, "recording to " + recorder.file() + " already (record stop ends it)");
        }
        try {
            Path file = root.workDir().resolve(args.get(0));
            recorder = new ShellRecorder(file, Instant.now(), String.valueOf(root.baseUri(root.spec)));
            out.println("recording to " + file + " (record stop ends it; load " + args.get(0) + " replays it)");
            out.flush();
            return 0;
        } catch (UncheckedIOException e) {
            return fail(1, e.getMessage());
        } catch (picocli.CommandLine.ParameterException e) {
            return fail(2, e.getMessage());
        }
    }

    private int load(List<String> args) {
        if (args.size() != 1) {
            return fail(2, "load takes one file: load FILE");
        }
        Path file = root.workDir().resolve(args.get(0));
        if (loadDepth >= 8) {
            return fail(1, "load " + file + ": loads nested more than 8 deep (does the script load itself?)");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            loadDepth++;
            return script(reader::readLine, file.toString());
        } catch (IOException e) {
            return fail(1, "cannot load " + file + ": " + e.getMessage());
        } finally {
            loadDepth--;
        }
    }

    /** {@code let NAME = COMMAND ...}: runs the command and keeps the first line it printed. */
    private int let(List<String> args) {
        if (args.size() < 3 || !args.get(1).equals("=") || !args.get(0).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return fail(2, "let NAME = COMMAND [ARGS...] (NAME: letters, digits, _)");
        }
        return command(args.subList(2, args.size()), args.get(0));
    }

    // ------------------------------------------------------------------------------------------------ commands

    /** Runs an imagerepo command; binds the first line it printed to {@code bindTo} if given. */
    private int command(List<String> words, String bindTo) {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Outcome outcome = run(words);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        String value = null;
        String variable = bindTo;
        if (outcome.status() == 0) {
            String first = outcome.out().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
            if (variable == null && recorder != null && NEW_IMAGE.contains(words.get(0)) && first != null) {
                variable = recorder.nextImageVariable(variables);
            }
            if (variable != null) {
                if (first == null) {
                    return fail(1, "let " + variable + ": " + words.get(0) + " printed nothing to keep");
                }
                value = first;
                variables.put(variable, value);
            }
            if (SIGN_IN.contains(words.get(0))) {
                root.forgetClients();
            }
        }
        if (recorder != null) {
            recorder.command(words, variable, value, started, took, outcome.status(), outcome.firstErrorLine());
        }
        return outcome.status();
    }

    /** The command run as {@code imagerepo WORDS}, printing as it goes and keeping a copy of what it printed. */
    Outcome run(List<String> words) {
        if (words.get(0).equals("echo")) {
            String text = String.join(" ", words.subList(1, words.size()));
            out.println(text);
            out.flush();
            return new Outcome(0, text + "\n", "");
        }
        StringWriter outCopy = new StringWriter();
        StringWriter errCopy = new StringWriter();
        PrintWriter o = new PrintWriter(new Tee(out, outCopy), true);
        PrintWriter e = new PrintWriter(new Tee(err, errCopy), true);
        int status = ImageRepoCli.commandLine(root.sibling(), o, e).execute(words.toArray(String[]::new));
        o.flush();
        e.flush();
        return new Outcome(status, outCopy.toString(), errCopy.toString());
    }

    void stopRecording() {
        if (recorder != null) {
            try {
                recorder.close();
            } catch (UncheckedIOException e) {
                err.println("imagerepo shell: " + e.getMessage());
                err.flush();
            }
            recorder = null;
        }
    }

    private int fail(int status, String message) {
        err.println("imagerepo shell: " + message);
        err.flush();
        return status;
    }

    private static int parseStatus(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static Map<String, String> builtins() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("record FILE | record stop", "log each command, when it ran and how it ended, as a script");
        b.put("load FILE", "run a script's commands in order; stops at the first failure");
        b.put("let NAME = COMMAND ...", "run COMMAND and keep the first line it printed in $NAME");
        b.put("echo WORDS", "print the words ($NAME replaced)");
        b.put("history", "the commands typed, oldest first (kept between sessions)");
        b.put("help [COMMAND]", "this list, or a command's help");
        b.put("exit [STATUS] | quit", "leave the shell");
        return b;
    }

    /** Writes to both: the terminal, and the copy the recorder and {@code let} read. */
    private static final class Tee extends Writer {
        private final Writer first;
        private final Writer second;

        Tee(Writer first, Writer second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            first.write(buf, off, len);
            second.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            first.flush();
            second.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    static List<String> builtinNames() {
        List<String> names = new ArrayList<>();
        BUILTINS.keySet().forEach(k -> names.add(k.split(" ")[0]));
        names.add("quit");
        return names;
    }
}
