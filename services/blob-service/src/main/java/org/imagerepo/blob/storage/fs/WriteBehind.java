package org.imagerepo.blob.storage.fs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends a file's written pages to disk while more arrive. An upload must be on disk before it is linked
 * (FilesystemBlobStore), and the kernel keeps up to a tenth of memory dirty before it writes any back: one
 * fdatasync at the end would then write the whole image while the client waits, after the last byte came.
 * Forcing every {@code interval} bytes on another thread overlaps that disk work with the receiving, so the
 * final force has at most one interval left. At most one force is in flight; a failed one is thrown by the
 * next {@link #written} or by {@link #finish}.
 */
final class WriteBehind {

    /** Forces what was written so far to disk: {@code FileChannel.force(false)}. */
    @FunctionalInterface
    interface Force {
        void run() throws IOException;
    }

    static final long DEFAULT_INTERVAL = 64L << 20;

    private static final Executor FORCES = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fs-write-behind");
        thread.setDaemon(true);
        return thread;
    });

    private final Force force;
    private final long interval;
    private final Executor executor;
    private long sinceLastForce;
    private Future<Void> inFlight = CompletableFuture.completedFuture(null);

    WriteBehind(Force force) {
        this(force, DEFAULT_INTERVAL, FORCES);
    }

    WriteBehind(Force force, long interval, Executor executor) {
        this.force = force;
        this.interval = interval;
        this.executor = executor;
    }

    /** {@code bytes} more were written; starts a force when an interval is complete and none is running. */
    void written(long bytes) throws IOException {
        sinceLastForce += bytes;
        if (sinceLastForce < interval || !inFlight.isDone()) {
            return;
        }
        await(inFlight);
        sinceLastForce = 0;
        inFlight = CompletableFuture.runAsync(() -> {
            try {
                force.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
    }

    /** Waits for the force in flight, then forces the rest: everything written is on disk when it returns. */
    void finish() throws IOException {
        await(inFlight);
        force.run();
    }

    private static void await(Future<Void> forcing) throws IOException {
        try {
            forcing.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the upload was forced to disk");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException unchecked) {
                throw unchecked.getCause();
            }
            throw new IOException("forcing the upload to disk failed: " + cause, cause);
        }
    }
}
