package org.imagerepo.client;

import java.nio.file.NoSuchFileException;
import java.time.Duration;

/** Failures and durations in the words of the client's messages. */
final class Describe {

    private Describe() {
    }

    /** What went wrong, in a few words: the exception's message, or its class when it has none. */
    static String failure(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "no such file: " + m;
        }
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** {@code 30s}, or {@code 100ms} when not whole seconds. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }
}
