package org.imagerepo.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import org.imagerepo.client.Image;
import org.imagerepo.client.Json;
import org.imagerepo.client.QueryResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How images and query answers are printed: readable aligned tables, or indented JSON. */
final class Output {

    /** The columns of {@code list} and of {@code query "*"} unless {@code --wide} is given. */
    static final List<String> SUMMARY = List.of("imgId", "name", "owner", "os", "tag", "vmType", "imgType",
            "permission", "imgStatus", "size");

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
        if (!wide && columns.containsAll(Image.FIELDS)) {
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

    /** One image, one field a line. */
    static void details(PrintWriter out, Image image) {
        Map<String, Object> fields = Json.mapper().convertValue(image, new TypeReference<LinkedHashMap<String, Object>>() { });
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            out.println(pad(e.getKey(), width) + "  " + cell(e.getKey(), e.getValue(), true));
        }
        out.flush();
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
        if (field.equals("size") && value instanceof Number n) {
            String human = bytes(n.longValue());
            return exact && n.longValue() >= 1024 ? n + " (" + human + ")" : human;
        }
        String s = String.valueOf(value);
        return s.isEmpty() ? "-" : s.replace('\n', ' ').replace('\t', ' ');
    }

    /** {@code 1536} as {@code 1.5 KiB}. */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
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
