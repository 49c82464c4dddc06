package org.imagerepo.query;

import java.util.stream.Collectors;

/**
 * Writes a parsed query back as canonical text: {@code *} or the fields joined by {@code ", "}, then
 * {@code " where "} and the conditions joined by {@code ", "}. Parsing the result with the same
 * catalog gives back an equal {@link Query}.
 */
public final class QueryText {

    private QueryText() {
    }

    public static String render(Query query) {
        String projection = query.selectsAllFields() ? "*" : String.join(", ", query.fields());
        if (query.conditions().isEmpty()) {
            return projection;
        }
        return projection + " where " + query.conditions().stream()
                .map(condition -> condition.field() + "=" + value(condition.pattern()))
                .collect(Collectors.joining(", "));
    }

    /** Bare when the parser would read it back unchanged, otherwise quoted with {@code \\} and {@code \"} escaped. */
    private static String value(String pattern) {
        boolean readsBackBare = pattern.chars().noneMatch(c -> c == ',' || c == '"' || c == '=')
                && !Character.isWhitespace(pattern.charAt(0))
                && !Character.isWhitespace(pattern.charAt(pattern.length() - 1));
        if (readsBackBare) {
            return pattern;
        }
        return '"' + pattern.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
