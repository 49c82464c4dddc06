package org.imagerepo.cli;

import org.imagerepo.client.Page;

import java.io.PrintWriter;

/** The line under a table that is one page of a longer list. */
final class Pages {

    private Pages() {
    }

    /** Says which rows were shown and how to get the next ones, when there are more than shown. */
    static void footer(PrintWriter out, Page<?> page, String what) {
        int shown = page.items().size();
        if (page.total() <= shown) {
            return;
        }
        int from = page.offset() == null ? 0 : page.offset();
        out.println("(" + what + " " + (shown == 0 ? "none" : (from + 1) + "-" + (from + shown)) + " of "
                + page.total() + (from + shown < page.total() ? "; --offset " + (from + shown) + " for more" : "")
                + ")");
        out.flush();
    }
}
