package org.imagerepo.client;

/**
 * Told how a transfer advances. Called from the thread doing the transfer, often (every few kilobytes),
 * so implementations should be cheap and throttle any output themselves.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores everything. */
    ProgressListener NONE = (transferred, total) -> { };

    /**
     * @param transferred bytes transferred so far
     * @param total       bytes expected in all, or -1 when not known
     */
    void progress(long transferred, long total);

    /** Called once when the transfer ended, successfully or not. */
    default void finished(boolean success) {
    }
}
