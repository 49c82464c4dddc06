package org.imagerepo.support.errors;

/**
 * {@code quota-exceeded}: a reservation would take the user past their quota. Besides the sentence it carries
 * the numbers, so that a client can say how much room is left without parsing the sentence.
 */
public final class QuotaExceededException extends LimitExceededException {

    private final long quota;
    private final long usedBytes;
    private final long reservedBytes;
    private final long requestedBytes;

    public QuotaExceededException(String detail, long quota, long usedBytes, long reservedBytes, long requestedBytes) {
        super("quota-exceeded", "Quota exceeded", detail);
        this.quota = quota;
        this.usedBytes = usedBytes;
        this.reservedBytes = reservedBytes;
        this.requestedBytes = requestedBytes;
    }

    public long quota() {
        return quota;
    }

    public long usedBytes() {
        return usedBytes;
    }

    /** Held by the user's other uploads in progress. */
    public long reservedBytes() {
        return reservedBytes;
    }

    public long requestedBytes() {
        return requestedBytes;
    }
}
