package org.imagerepo.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Recursive-descent parser reading the query text character by character. It has no separate
 * tokenizer because what a character means depends on where it is: after {@code =} everything up
 * to the next comma is a value, so {@code *}, spaces and the word {@code where} are plain text there.
 *
 * <pre>
 * query      = [ projection [ "where" conditions ] ]
 * projection = "*" | field { "," field }
 * conditions = condition { "," condition }
 * condition  = field "=" value
 * </pre>
 */
final class QueryParser {

    static final String WHERE = "where";

    private static final String COMMA_IN_VALUE_HINT =
            "if the ',' belongs to the previous value, put that value in double quotes";

    private final String text;
    private final FieldCatalog catalog;
    private int position;

    private QueryParser(String text, FieldCatalog catalog) {
        this.text = text;
        this.catalog = catalog;
    }

    static Query parse(String text, FieldCatalog catalog) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(catalog, "catalog");
        if (text.length() > Query.MAX_LENGTH) {
            throw new QueryException("Query is " + text.length() + " characters long; the limit is "
                    + Query.MAX_LENGTH, -1, null);
        }
        return new QueryParser(text, catalog).query();
    }

    static boolean isIdentifier(String candidate) {
        if (candidate.isEmpty() || !isIdentifierStart(candidate.charAt(0))) {
            return false;
        }
        return candidate.chars().allMatch(c -> isIdentifierPart((char) c));
    }

    private Query query() {
        skipWhitespace();
        if (atEnd()) {
            return Query.ALL;
        }
        List<String> fields = projection();
        skipWhitespace();
        if (atEnd()) {
            return new Query(fields, List.of());
        }
        int keywordStart = position;
        String word = word();
        if (!WHERE.equalsIgnoreCase(word)) {
            throw fields.isEmpty()
                    ? syntaxError(keywordStart, "'where' or end of query", "after '*'", null)
                    : syntaxError(keywordStart, "',', 'where' or end of query",
                            "after field '" + fields.get(fields.size() - 1) + "'", null);
        }
        return new Query(fields, conditions());
    }

    private List<String> projection() {
        if (peek() == '*') {
            position++;
            return List.of();
        }
        List<String> fields = new ArrayList<>();
        fields.add(projectedField(fields, "'*' or a field name", "",
                "a query starts with '*' or a list of fields, as in '* where os=redhat'"));
        skipWhitespace();
        while (peek() == ',') {
            position++;
            skipWhitespace();
            fields.add(projectedField(fields, "a field name", "after ','", null));
            skipWhitespace();
        }
        return fields;
    }

    private String projectedField(List<String> fieldsSoFar, String expected, String after, String hint) {
        int start = position;
        String word = word();
        if (word == null || WHERE.equalsIgnoreCase(word)) {
            throw syntaxError(start, expected, after, hint);
        }
        FieldCatalog.Field field = catalog.field(word).orElseThrow(() -> new QueryException(
                "Unknown field '" + word + "' at position " + start + "; known fields: " + catalog.namesOfAllFields(),
                start, null));
        if (fieldsSoFar.contains(field.name())) {
            throw new QueryException("Field '" + field.name() + "' at position " + start
                    + " is already in the field list; name each field once", start, null);
        }
        return field.name();
    }

    private List<Condition> conditions() {
        List<Condition> conditions = new ArrayList<>();
        boolean followsComma = false;
        while (true) {
            skipWhitespace();
            if (conditions.size() == Query.MAX_CONDITIONS) {
                throw new QueryException("Too many conditions: the one at position " + position
                        + " would be number " + (Query.MAX_CONDITIONS + 1) + "; the limit is "
                        + Query.MAX_CONDITIONS, position, null);
            }
            Condition condition = condition(followsComma);
            conditions.add(condition);
            skipWhitespace();
            if (atEnd()) {
                return conditions;
            }
            // An unquoted value runs to the next ',', so only a quoted one can be followed by something else.
            if (peek() != ',') {
                throw syntaxError(position, "',' or end of query",
                        "after the quoted value for '" + condition.field() + "'", null);
            }
            position++;
            followsComma = true;
        }
    }

    private Condition condition(boolean followsComma) {
        int start = position;
        String word = word();
        if (word == null || WHERE.equalsIgnoreCase(word)) {
            // At the end the ',' was simply trailing; elsewhere it may have been meant as part of a value.
            throw syntaxError(start, "a field name", followsComma ? "after ','" : "after 'where'",
                    followsComma && !atEnd() ? COMMA_IN_VALUE_HINT : null);
        }
        FieldCatalog.Field field = catalog.field(word).orElseThrow(() -> new QueryException(
                "Unknown field '" + word + "' at position " + start + "; searchable fields: "
                        + catalog.namesOfSearchableFields() + (followsComma ? " (" + COMMA_IN_VALUE_HINT + ")" : ""),
                start, null));
        if (!field.searchable()) {
            throw new QueryException("Field '" + field.name() + "' at position " + start
                    + " cannot be used in a condition; searchable fields: " + catalog.namesOfSearchableFields(),
                    start, null);
        }
        skipWhitespace();
        if (peek() != '=') {
            throw syntaxError(position, "'='", "after field '" + field.name() + "'", null);
        }
        position++;
        skipWhitespace();
        ScannedValue value = value(field.name());
        RegexPolicy.check(value.text()).ifPresent(violation -> {
            int at = value.inputPosition(violation.index());
            // 'a{2,5}' or '[a,b]' unquoted is cut at its ',' and then fails to compile.
            String hint = violation.kind() == RegexPolicy.Kind.INVALID && value.cutAtComma()
                    ? " (if the ',' at position " + position + " belongs to the value, put the value in double quotes)"
                    : "";
            throw new QueryException(violation.kind().title() + " for '" + field.name() + "' at position " + at
                    + ": " + violation.detail() + hint, at, null);
        });
        return new Condition(field.name(), value.text());
    }

    private ScannedValue value(String field) {
        if (atEnd() || peek() == ',') {
            throw emptyValue(field, position);
        }
        if (peek() == '=') {
            throw syntaxError(position, "a value", "after '='", "quote a value that starts with '='");
        }
        return peek() == '"' ? quotedValue(field) : unquotedValue(field);
    }

    /** Runs to the next ',' or the end, trimmed; '=' and '"' are refused so a forgotten ',' is caught. */
    private ScannedValue unquotedValue(String field) {
        int start = position;
        while (!atEnd() && peek() != ',') {
            if (peek() == '=') {
                throw syntaxError(position, "',' or end of query", "in the value for '" + field + "'",
                        "separate conditions with ',', and quote a value that contains '='");
            }
            if (peek() == '"') {
                throw syntaxError(position, "',' or end of query", "in the value for '" + field + "'",
                        "quote the whole value to include '\"', writing it as \\\"");
            }
            position++;
        }
        int end = position;
        while (Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int[] sources = new int[end - start];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = start + i;
        }
        return new ScannedValue(text.substring(start, end), sources, end, !atEnd());
    }

    /** {@code \"} and {@code \\} are escapes; any other backslash is kept, so {@code "\d+"} means {@code \d+}. */
    private ScannedValue quotedValue(String field) {
        int open = position++;
        StringBuilder value = new StringBuilder();
        int[] sources = new int[text.length() - position];
        while (peek() != '"') {
            if (atEnd()) {
                throw syntaxError(position, "a closing '\"'", "for the value opened at position " + open,
                        "write a '\"' inside a value as \\\"");
            }
            char next = charAt(position + 1);
            if (peek() == '\\' && (next == '"' || next == '\\')) {
                position++;
            }
            sources[value.length()] = position;
            value.append(text.charAt(position++));
        }
        int close = position++;
        if (value.length() == 0) {
            throw emptyValue(field, open);
        }
        return new ScannedValue(value.toString(), sources, close, false);
    }

    /** Reads an identifier at the current position, or returns null (consuming nothing) if there is none. */
    private String word() {
        int start = position;
        if (!isIdentifierStart(peek())) {
            return null;
        }
        while (isIdentifierPart(peek())) {
            position++;
        }
        return text.substring(start, position);
    }

    private QueryException emptyValue(String field, int at) {
        return new QueryException(RegexPolicy.Kind.EMPTY.title() + " for '" + field + "' at position " + at
                + ": use .* to match anything", at, "a value");
    }

    private QueryException syntaxError(int at, String expected, String after, String hint) {
        String context = after.isEmpty() ? "" : " " + after;
        String advice = hint == null ? "" : "; " + hint;
        return new QueryException("Syntax error at position " + at + ": expected " + expected + context
                + " but found " + describe(at) + advice, at, expected);
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "end of query";
        }
        if (isIdentifierStart(text.charAt(at))) {
            int end = at;
            while (end < text.length() && isIdentifierPart(text.charAt(end))) {
                end++;
            }
            return "'" + text.substring(at, end) + "'";
        }
        int codePoint = text.codePointAt(at);
        return Character.isISOControl(codePoint) || Character.isSurrogate(text.charAt(at))
                ? String.format(Locale.ROOT, "U+%04X", codePoint)
                : "'" + Character.toString(codePoint) + "'";
    }

    private void skipWhitespace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            position++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return charAt(position);
    }

    /** The character at {@code at}, or NUL past the end (NUL is neither an identifier, a quote nor a delimiter). */
    private char charAt(int at) {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || c >= '0' && c <= '9';
    }

    /**
     * A value as the pattern it stands for, with where each of its characters came from in the
     * query, so that a problem found in the pattern is reported at its place in the query.
     *
     * @param cutAtComma an unquoted value that stopped at a ',' (which may have been meant as part of it)
     */
    private record ScannedValue(String text, int[] sources, int end, boolean cutAtComma) {
        int inputPosition(int patternIndex) {
            return patternIndex < text.length() ? sources[patternIndex] : end;
        }
    }
}
