package org.imagerepo.blob.service;

import org.imagerepo.support.ProblemException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body of unknown length, passed on only as far as its quota reservation reaches: before handing over
 * bytes beyond what is reserved it extends the reservation by whole slices. A refused extension fails the
 * read, so the store aborts the write and removes what it had of it (IncompleteDataException).
 */
final class QuotaMeteredInputStream extends FilterInputStream {

    private final QuotaHold quota;
    private final long slice;
    private long count;

    QuotaMeteredInputStream(InputStream in, QuotaHold quota, long slice) {
        super(in);
        this.quota = quota;
        this.slice = slice;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count += n;
            if (count > quota.reserved()) {
                long slices = (count - quota.reserved() + slice - 1) / slice;
                try {
                    quota.extendTo(quota.reserved() + slices * slice);
                } catch (ProblemException e) {
                    throw new IOException("quota: " + e.getMessage(), e);
                }
            }
        }
        return n;
    }
}
