package org.imagerepo.blob.service;

import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * The bytes {@code first..last} of one stored object, read on through a store's passing failures: when the
 * store is unavailable on open or drops the stream part-way (a Swift proxy timing out an object server under
 * load, a reset S3 connection), the rest is opened again as a range from the first byte not yet delivered,
 * after a growing pause, up to {@code attempts} more times. Stored objects are immutable (every store writes
 * create-only), so the pieces always join into the object. Only the failure after the last attempt reaches
 * the caller.
 */
final class ResumingInputStream extends InputStream {

    private static final Logger LOG = Logger.getLogger(ResumingInputStream.class);

    private final Function<ByteRange, InputStream> opener;
    private final long last;
    private final int attempts;
    private final Duration pause;
    private final boolean firstIsWhole;
    private InputStream current;
    private long next;
    private int failures;

    /**
     * @param opener       opens a range of the object (null: the whole object), throwing
     *                     {@link StorageUnavailableException} when the store cannot serve it now
     * @param range        the bytes wanted, or null for the whole object of {@code size} bytes
     * @param attempts     how many times a failed open or read is tried again
     * @param pause        the pause before the first retry; it doubles with each further one
     */
    ResumingInputStream(Function<ByteRange, InputStream> opener, ByteRange range, long size, int attempts,
                        Duration pause) {
        this.opener = opener;
        this.firstIsWhole = range == null;
        this.next = range == null ? 0 : range.first();
        this.last = range == null ? size - 1 : range.last();
        this.attempts = attempts;
        this.pause = pause;
        this.current = openWithRetries();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (true) {
            if (next > last) {
                return -1;
            }
            try {
                int n = current.read(buffer, offset, (int) Math.min(length, last - next + 1));
                if (n < 0) {
                    // A store's stream that ends early has lost its connection as surely as one that throws.
                    throw new StorageUnavailableException("the store's stream ended " + (last - next + 1)
                            + " byte(s) before the end of the object");
                }
                next += n;
                return n;
            } catch (StorageUnavailableException | IOException e) {
                closeQuietly(current);
                current = null;
                retryOrThrow(e);
                current = openWithRetries();
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(current);
        current = null;
        next = last + 1;
    }

    private InputStream openWithRetries() {
        while (true) {
            try {
                return opener.apply(firstIsWhole && next == 0 ? null : new ByteRange(next, last));
            } catch (StorageUnavailableException e) {
                retryOrThrow(e);
            }
        }
    }

    private void retryOrThrow(Exception e) {
        if (failures >= attempts) {
            if (e instanceof StorageUnavailableException unavailable) {
                throw unavailable;
            }
            throw new StorageUnavailableException(e.getMessage(), e);
        }
        // Each retry is logged: a store that needs them often is an operator's to look at.
        LOG.infof("store read failed at byte %d (%s); retry %d of %d", next, e.getMessage(), failures + 1, attempts);
        try {
            Thread.sleep(pause.toMillis() << failures);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while waiting to read on: " + e.getMessage(), e);
        }
        failures++;
    }

    private static void closeQuietly(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the stream already failed; its close has nothing to add
        }
    }
}
