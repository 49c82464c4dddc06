package org.imagerepo.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code record FILE}: writes the session as a script that {@code load FILE} (or {@code imagerepo shell < FILE})
 * replays. Each command is a line, followed by a comment saying when it ran and how it ended; a command that failed
 * is written commented out, since it changed nothing. The id a command printed for a new image is bound to a
 * variable ({@code let img1 = put …}) and written as {@code ${img1}} wherever it is used later, so that the script
 * replays on another repository, where the new images get other ids.
 */
final class ShellRecorder implements AutoCloseable {

    private final Path file;
    private final BufferedWriter writer;
    /** A value printed by a recorded command → the variable it was bound to. */
    private final Map<String, String> references = new LinkedHashMap<>();
    private int images;

    ShellRecorder(Path file, Instant now, String repository) {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
        comment("imagerepo shell session recorded from " + now + " against " + repository);
        comment("replay it with: imagerepo shell < " + file.getFileName() + "   (or: load " + file.getFileName()
                + " in the shell)");
    }

    Path file() {
        return file;
    }

    /** A variable name for the next new image of the session. */
    String nextImageVariable(Map<String, String> taken) {
        String name;
        do {
            name = "img" + ++images;
        } while (taken.containsKey(name));
        return name;
    }

    /**
     * One command as it ran.
     *
     * @param words    its words, variables replaced by their values
     * @param bindTo   the variable its output was bound to, or null
     * @param value    the value bound, or null
     * @param status   its exit status
     * @param message  the first line of what it printed on stderr (for a failure), or null
     */
    void command(List<String> words, String bindTo, String value, Instant startedAt, Duration took, int status,
                 String message) {
        String line = words.stream().map(w -> ShellLine.quote(w, references)).collect(Collectors.joining(" "));
        if (bindTo != null && status == 0) {
            line = "let " + bindTo + " = " + line;
        }
        String seconds = String.format(Locale.ROOT, "%.2f s", took.toNanos() / 1e9);
        if (status == 0) {
            write(line);
            comment("  " + startedAt + ": ok in " + seconds + (value == null ? "" : ": " + bindTo + "=" + value));
            if (bindTo != null && value != null && !value.isEmpty()) {
                references.put(value, bindTo);
            }
        } else {
            comment("failed: " + line);
            comment("  " + startedAt + ": exit " + status + " in " + seconds + (message == null ? "" : ": " + message));
        }
    }

    @Override
    public void close() {
        try {
            comment("recording stopped " + Instant.now());
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish recording " + file + ": " + e.getMessage(), e);
        }
    }

    private void comment(String text) {
        write("# " + text.replace("\n", " "));
    }

    private void write(String line) {
        try {
            writer.write(line);
            writer.newLine();
            writer.flush(); // what was done survives a crash of the shell
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record to " + file + ": " + e.getMessage(), e);
        }
    }
}
