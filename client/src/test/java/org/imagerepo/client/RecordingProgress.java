package org.imagerepo.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A progress listener that keeps what it is told, for the tests of the transfers. */
final class RecordingProgress implements ProgressListener {

    /** Each report as {transferred, total}, in order (an upload reports from the HTTP client's thread). */
    final List<long[]> reports = Collections.synchronizedList(new ArrayList<>());
    /** How the transfer ended, or {@code null} while it has not. */
    volatile Boolean finished;

    @Override
    public void progress(long transferred, long total) {
        reports.add(new long[]{transferred, total});
    }

    @Override
    public void finished(boolean success) {
        finished = success;
    }

    long[] first() {
        return reports.get(0);
    }

    long[] last() {
        return reports.get(reports.size() - 1);
    }
}
