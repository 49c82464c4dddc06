package org.imagerepo.client;

import java.net.URI;

/**
 * 413 {@code quota-exceeded}: the upload would take the owner past their quota (usage plus the space held by uploads
 * in progress plus this one), so the repository refused it before storing a byte. The message is the problem's
 * {@code detail}; the numbers are there when the problem carried them.
 */
public class QuotaExceededException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    /** The slug that ends the problem type of a quota refusal. */
    public static final String PROBLEM_SLUG = "quota-exceeded";

    private final Long quota;
    private final Long usedBytes;
    private final Long reservedBytes;
    private final Long requestedBytes;

    public QuotaExceededException(int status, URI type, String title, String detail, Long quota, Long usedBytes,
                                  Long reservedBytes, Long requestedBytes) {
        super(Kind.TOO_LARGE, status, type, title, detail, null);
        this.quota = quota;
        this.usedBytes = usedBytes;
        this.reservedBytes = reservedBytes;
        this.requestedBytes = requestedBytes;
    }

    /** Whether a problem type names a quota refusal ({@code https://imagerepo.org/problems/quota-exceeded}). */
    public static boolean isQuotaProblem(URI type) {
        if (type == null) {
            return false;
        }
        String s = type.toString();
        return s.equals(PROBLEM_SLUG) || s.endsWith("/" + PROBLEM_SLUG);
    }

    /** The owner's quota in bytes, or {@code null} when the problem did not say. */
    public Long quota() {
        return quota;
    }

    /** The bytes the owner's images take, or {@code null}. */
    public Long usedBytes() {
        return usedBytes;
    }

    /** The bytes held by the owner's uploads in progress, or {@code null}. */
    public Long reservedBytes() {
        return reservedBytes;
    }

    /** The bytes this upload asked for, or {@code null}. */
    public Long requestedBytes() {
        return requestedBytes;
    }
}
