package org.imagerepo.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import org.imagerepo.client.Image;
import org.imagerepo.client.Json;
import org.imagerepo.client.QueryResult;
import org.imagerepo.client.User;
import org.imagerepo.vocabulary.ByteSizes;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How images, users and query answers are printed: readable aligned tables, or indented JSON. */
final class Output {

    /** The columns of {@code list} and of {@code query "*"} unless {@code --wide} is given. */
    static final List<String> SUMMARY = List.of("imgId", "name", "owner", "os", "tag", "vmType", "imgType",
            "permission", "imgStatus", "size");

    /**
     * The fields {@code *} projected before images could be shared: an answer with all of them is a {@code *} (the
     * catalog may or may not add {@code sharedUsers} and {@code sharedGroups}).
     */
    private static final List<String> STAR = Image.FIELDS.stream().filter(f -> !f.startsWith("shared")).toList();

    /** The columns of {@code user list}. */
    static final List<String> USER_COLUMNS = List.of("username", "role", "status", "quota", "usedBytes", "imageCount",
            "lastSignIn");

    /** Fields that are byte counts, shown in readable units. */
    private static final java.util.Set<String> BYTES = java.util.Set.of("size", "quota", "usedBytes", "reservedBytes",
            "bytesTransferred", "bytesDownloaded", "transferredBytes", "recordedBytes", "actualBytes", "bytes",
            "requestedBytes");

    private static final int MAX_CELL = 48;

    private Output() {
    }

    static void json(PrintWriter out, Object value) {
        out.println(Json.pretty(value));
        out.flush();
    }

    /** A query answer as a table with one row per image; {@code wide} shows every field even for {@code *}. */
    static void table(PrintWriter out, QueryResult result, boolean wide) {
        List<String> columns = result.fields();
        if (!wide && columns.containsAll(STAR)) {
            columns = SUMMARY;
        }
        if (result.images().isEmpty()) {
            out.println("(no images)");
            out.flush();
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns);
        for (Map<String, Object> img : result.images()) {
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                row.add(truncate(cell(c, img.get(c), false), wide ? Integer.MAX_VALUE : MAX_CELL));
            }
            rows.add(row);
        }
        printAligned(out, rows);
        out.flush();
    }

    /** The users as a table, one row per user. */
    static void users(PrintWriter out, List<User> users) {
        if (users.isEmpty()) {
            out.println("(no users)");
            out.flush();
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(USER_COLUMNS);
        for (User u : users) {
            Map<String, Object> fields = fields(u);
            List<String> row = new ArrayList<>();
            for (String c : USER_COLUMNS) {
                row.add(truncate(cell(c, fields.get(c), false), MAX_CELL));
            }
            rows.add(row);
        }
        printAligned(out, rows);
        out.flush();
    }

    /**
     * Records (or maps) as a table with the given columns, one row each, cells as {@link #cell} makes them;
     * {@code empty} (e.g. {@code (no actions)}) when there are none.
     */
    static void records(PrintWriter out, List<String> columns, List<?> records, String empty) {
        if (records.isEmpty()) {
            out.println(empty);
            out.flush();
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(columns);
        for (Object r : records) {
            Map<String, Object> fields = r instanceof Map<?, ?> m ? stringKeys(m) : fields(r);
            List<String> row = new ArrayList<>();
            for (String c : columns) {
                row.add(truncate(cell(c, fields.get(c), false), MAX_CELL));
            }
            rows.add(row);
        }
        printAligned(out, rows);
        out.flush();
    }

    /** Pre-made cells as a table, the first row the header. */
    static void rows(PrintWriter out, List<List<String>> rows) {
        printAligned(out, rows);
        out.flush();
    }

    /** Fields as {@link #details} prints them, one a line, aligned. */
    static void fieldLines(PrintWriter out, Map<String, ?> fields) {
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            out.println(pad(e.getKey(), width) + "  " + cell(e.getKey(), e.getValue(), true));
        }
        out.flush();
    }

    /** A record's fields by name, in its JSON order (dates as ISO-8601 text). */
    static Map<String, Object> fieldsOf(Object record) {
        return fields(record);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** One image or user, one field a line. */
    static void details(PrintWriter out, Object record) {
        Map<String, Object> fields = fields(record);
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            out.println(pad(e.getKey(), width) + "  " + cell(e.getKey(), e.getValue(), true));
        }
        out.flush();
    }

    private static Map<String, Object> fields(Object record) {
        return Json.mapper().convertValue(record, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** A table cell: {@code -} for nothing, lists comma-separated, sizes in readable units. */
    static String cell(String field, Object value, boolean exact) {
        if (value == null) {
            return "-";
        }
        if (value instanceof Collection<?> c) {
            if (c.isEmpty()) {
                return "-";
            }
            List<String> parts = new ArrayList<>();
            c.forEach(x -> parts.add(String.valueOf(x)));
            return String.join(",", parts);
        }
        if (BYTES.contains(field) && value instanceof Number n) {
            String human = ByteSizes.format(n.longValue());
            return exact && n.longValue() >= 1024 ? n + " (" + human + ")" : human;
        }
        String s = String.valueOf(value);
        return s.isEmpty() ? "-" : s.replace('\n', ' ').replace('\t', ' ');
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static void printAligned(PrintWriter out, List<List<String>> rows) {
        int n = rows.get(0).size();
        int[] widths = new int[n];
        for (List<String> r : rows) {
            for (int i = 0; i < n; i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        }
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                line.append(i == n - 1 ? r.get(i) : pad(r.get(i), widths[i]));
            }
            out.println(line);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
