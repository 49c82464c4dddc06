package org.imagerepo.accounting.service;

import org.imagerepo.support.errors.InvalidRequestException;

/** A page of a list from the query parameters {@code limit} and {@code offset}, checked (400 naming the bounds). */
public record Page(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    /** Null parameters take the defaults: 100 from the start. */
    public static Page of(String limit, String offset) {
        int l = number(limit, DEFAULT_LIMIT);
        int o = number(offset, 0);
        if (l < 1 || l > MAX_LIMIT || o < 0) {
            throw invalid();
        }
        return new Page(l, o);
    }

    private static int number(String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static InvalidRequestException invalid() {
        return new InvalidRequestException("invalid-page", "limit must be a whole number between 1 and " + MAX_LIMIT
                + " and offset a whole number, not negative.");
    }
}
