package org.imagerepo.blob.storage;

import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Removals of partial writes that could not be done when the write failed, usually because the storage
 * server went away at that very moment. A plugin records them here and calls {@link #retry()} before
 * each write and readiness check, so nothing half-stored outlives the server's return.
 */
public final class PendingCleanups {

    private static final Logger LOG = Logger.getLogger(PendingCleanups.class);

    /** One removal; it throws while the server cannot do it yet. */
    @FunctionalInterface
    public interface Cleanup {
        void run() throws Exception;
    }

    private record Pending(String what, Cleanup cleanup) {
    }

    private final List<Pending> pending = new ArrayList<>();

    /** Runs {@code cleanup} now; if it fails, keeps it for {@link #retry()}. */
    public void runOrKeep(String what, Cleanup cleanup) {
        try {
            cleanup.run();
        } catch (Exception e) {
            LOG.warnf("could not remove %s now (%s); will retry once the store answers", what, e.getMessage());
            synchronized (this) {
                pending.add(new Pending(what, cleanup));
            }
        }
    }

    /** Retries every kept removal once; those that fail again stay. */
    public void retry() {
        List<Pending> due;
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
            due = new ArrayList<>(pending);
            pending.clear();
        }
        for (Pending p : due) {
            runOrKeep(p.what(), p.cleanup());
        }
    }

    public synchronized int size() {
        return pending.size();
    }
}
