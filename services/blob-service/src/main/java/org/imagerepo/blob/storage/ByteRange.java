package org.imagerepo.blob.storage;

/** Bytes {@code first} to {@code last}, both inclusive, as in an HTTP Range header. */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("invalid range " + first + "-" + last);
        }
    }

    public long length() {
        return last - first + 1;
    }
}
