package org.imagerepo.client;

/** The bytes sent or received do not have the SHA-256 the repository recorded for them. */
public class ChecksumMismatchException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public ChecksumMismatchException(String detail, String expected, String actual) {
        super(Kind.CHECKSUM_MISMATCH, detail);
        this.expected = expected;
        this.actual = actual;
    }

    /** The checksum the repository recorded (lower-case hex). */
    public String expected() {
        return expected;
    }

    /** The checksum computed locally over the bytes actually transferred (lower-case hex). */
    public String actual() {
        return actual;
    }
}
