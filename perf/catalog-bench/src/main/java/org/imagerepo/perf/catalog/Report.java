package org.imagerepo.perf.catalog;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The markdown report of a catalog benchmark's CSV: p50 / p99 per query per store and variant. */
public final class Report {

    /** A p99 above this misses issue 17's target (on PostgreSQL). */
    static final double TARGET_P99_MS = 50;

    private Report() {
    }

    static String csvQuote(String s) {
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    /** Splits one CSV line (fields optionally in double quotes, "" inside them). */
    static List<String> csvFields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        fields.add(f.toString());
        return fields;
    }

    public static String markdown(List<String> csvLines, String title) {
        List<String> header = csvFields(csvLines.get(0));
        Map<String, Map<String, String>> byQuery = new LinkedHashMap<>();
        Map<String, String> text = new LinkedHashMap<>();
        Set<String> columns = new LinkedHashSet<>();
        Map<String, String> sizes = new LinkedHashMap<>();
        for (String line : csvLines.subList(1, csvLines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = csvFields(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                row.put(header.get(i), f.get(i));
            }
            String column = row.get("store") + " " + row.get("variant");
            columns.add(column);
            sizes.put(column, row.get("images"));
            text.put(row.get("query_id"), row.get("query") + " (" + row.get("caller") + ")");
            byQuery.computeIfAbsent(row.get("query_id"), k -> new LinkedHashMap<>())
                    .put(column, row.get("p50_ms") + " / " + row.get("p99_ms") + (miss(row) ? " ✗" : "") + " (" + row.get("rows") + ")");
        }
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        md.append("p50 / p99 in milliseconds (rows returned, at most 100 a page); ✗: p99 above ")
                .append((int) TARGET_P99_MS).append(" ms. Images per store: ");
        sizes.forEach((c, n) -> md.append(c).append(" ").append(n).append("; "));
        md.append("\n\n| query | caller |");
        columns.forEach(c -> md.append(' ').append(c).append(" |"));
        md.append("\n|---|---|");
        columns.forEach(c -> md.append("---:|"));
        md.append('\n');
        byQuery.forEach((id, cells) -> {
            String t = text.get(id);
            int cut = t.lastIndexOf(" (");
            md.append("| `").append(t, 0, cut).append("` | ").append(t, cut + 2, t.length() - 1).append(" |");
            columns.forEach(c -> md.append(' ').append(cells.getOrDefault(c, "—")).append(" |"));
            md.append('\n');
        });
        return md.toString();
    }

    private static boolean miss(Map<String, String> row) {
        return Double.parseDouble(row.get("p99_ms")) > TARGET_P99_MS;
    }
}
