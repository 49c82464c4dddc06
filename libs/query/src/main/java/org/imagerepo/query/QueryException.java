package org.imagerepo.query;

/**
 * The one error a query can produce: bad syntax, an unknown field, or a value that is not an
 * allowed regular expression. The message says what is wrong, where, and what to write instead,
 * so a service can hand it to the person who typed the query as it is.
 */
public class QueryException extends RuntimeException {

    private final int position;
    private final String expected;

    public QueryException(String message, int position, String expected) {
        super(message);
        this.position = position;
        this.expected = expected;
    }

    /** 0-based offset (in UTF-16 chars) into the query text where the problem is, or -1 if it concerns the whole query. */
    public int position() {
        return position;
    }

    /** What the parser expected at {@link #position()}, e.g. {@code "a field name"}; null when the error is not about syntax. */
    public String expected() {
        return expected;
    }
}
