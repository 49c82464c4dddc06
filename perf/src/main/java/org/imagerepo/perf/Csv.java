package org.imagerepo.perf;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The measurements CSV (RFC 4180 quoting): appending rows, reading them back. */
public final class Csv {

    private Csv() {
    }

    /** Appends to {@code file}, writing the header first if the file is new or empty; flushes every row. */
    public static final class Appender implements Closeable {
        private final BufferedWriter out;

        public Appender(Path file) throws IOException {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean fresh = !Files.exists(file) || Files.size(file) == 0;
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            if (fresh) {
                out.write(CsvRow.HEADER);
                out.write('\n');
                out.flush();
            }
        }

        public synchronized void write(CsvRow row) {
            try {
                out.write(line(row.cells()));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** One line of cells, quoted where needed; line breaks inside a cell become spaces. */
    public static String line(String... cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            String c = cells[i] == null ? "" : cells[i].replace('\r', ' ').replace('\n', ' ');
            if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || (!c.isEmpty() && (c.charAt(0) == ' '
                    || c.charAt(c.length() - 1) == ' '))) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Splits one line into cells (quotes as {@link #line} writes them). */
    public static String[] split(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                cells.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        cells.add(cur.toString());
        return cells.toArray(String[]::new);
    }

    /** A file's rows, or an {@link IllegalArgumentException} naming the file and line when it is not our CSV. */
    public static List<CsvRow> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).strip().equals(CsvRow.HEADER)) {
            throw new IllegalArgumentException(file + " is not a measurements CSV (its first line is not \""
                    + CsvRow.HEADER + "\")");
        }
        List<CsvRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            try {
                rows.add(CsvRow.fromCells(split(l)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    /** Whether {@code file} starts with the measurements header. */
    public static boolean isMeasurements(Path file) {
        try (Stream<String> s = Files.lines(file, StandardCharsets.UTF_8)) {
            return s.findFirst().map(l -> l.strip().equals(CsvRow.HEADER)).orElse(false);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
