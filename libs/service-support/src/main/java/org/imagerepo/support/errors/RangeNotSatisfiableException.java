package org.imagerepo.support.errors;

/** A byte range that lies outside the object read; {@link #size()} is the object's, for the answer to name. */
public final class RangeNotSatisfiableException extends DomainException {

    private final long size;

    public RangeNotSatisfiableException(long size, String detail) {
        super("range-not-satisfiable", "Range not satisfiable", detail, null);
        this.size = size;
    }

    public long size() {
        return size;
    }
}
