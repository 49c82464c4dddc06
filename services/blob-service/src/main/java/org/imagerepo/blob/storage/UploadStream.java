package org.imagerepo.blob.storage;

import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes handed to {@link BlobStore#put}, checked as a plugin reads them: a failing source, a stream
 * that ends short of the announced size or runs past it, all become {@link IncompleteDataException}, so
 * every plugin reports them alike and only has to clean up after itself.
 */
public final class UploadStream extends InputStream {

    private final InputStream data;
    private final long expectedSize;
    private long count;
    private boolean endChecked;

    public UploadStream(InputStream data, long expectedSize) {
        this.data = data;
        this.expectedSize = expectedSize;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    /** The announced size, or -1 when unknown. */
    public long expectedSize() {
        return expectedSize;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (endChecked) {
            return -1;
        }
        int n;
        try {
            n = data.read(buffer, offset, length);
        } catch (IOException e) {
            throw new IncompleteDataException("the upload stream failed after " + count + " bytes: " + e.getMessage(), e);
        }
        if (n < 0) {
            if (expectedSize >= 0 && count != expectedSize) {
                throw new IncompleteDataException("the upload ended after " + count + " of " + expectedSize + " bytes");
            }
            return -1;
        }
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw ranPast();
        }
        if (count == expectedSize) {
            checkEnd();
        }
        return n;
    }

    /**
     * Whether the data really ends at the announced size is checked as the last announced byte is read,
     * not when the reader asks for more: a client library that sends exactly the announced length would
     * otherwise never find out.
     */
    private void checkEnd() {
        try {
            if (data.read() >= 0) {
                throw ranPast();
            }
        } catch (IOException e) {
            throw new IncompleteDataException("the upload stream failed at its end: " + e.getMessage(), e);
        }
        endChecked = true;
    }

    private IncompleteDataException ranPast() {
        return new IncompleteDataException("the upload ran past its announced size of " + expectedSize + " bytes");
    }

    /** Fills {@code buffer} as far as the stream goes; fewer bytes only at its end (then maybe 0). */
    public int readChunk(byte[] buffer) {
        int filled = 0;
        while (filled < buffer.length) {
            int n = read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }
}
