package org.imagerepo.triggers.rest;

import org.imagerepo.support.ProblemException;

/** The paging parameters every list takes. */
final class Pages {

    static final int MAX = 1000;

    private Pages() {
    }

    static void check(int limit, int offset) {
        if (limit < 1 || limit > MAX || offset < 0) {
            throw ProblemException.badRequest("invalid-page",
                    "limit must be between 1 and " + MAX + " and offset must not be negative.");
        }
    }
}
