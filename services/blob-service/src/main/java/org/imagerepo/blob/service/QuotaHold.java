package org.imagerepo.blob.service;

import org.imagerepo.blob.client.AccountingClient;
import org.imagerepo.blob.client.Reservation;
import org.imagerepo.support.ProblemException;

/**
 * The quota one upload holds at accounting-service while its bytes arrive. Closing it releases the
 * reservation unless the upload succeeded ({@link #keep()}): accounting settles a kept one when it applies
 * the upload's BlobStored.
 */
public final class QuotaHold implements AutoCloseable {

    private final AccountingClient accounting;
    private final AccountingClient.Credentials caller;
    private final Reservation reservation;
    private long reserved;
    private ProblemException refusal;
    private boolean kept;

    QuotaHold(AccountingClient accounting, AccountingClient.Credentials caller, Reservation reservation) {
        this.accounting = accounting;
        this.caller = caller;
        this.reservation = reservation;
        this.reserved = reservation.bytes();
    }

    /** Bytes reserved so far. */
    public long reserved() {
        return reserved;
    }

    /**
     * Makes the reservation {@code total} bytes; on refusal remembers why ({@link #refusal()}) and throws it.
     */
    void extendTo(long total) {
        try {
            accounting.extend(reservation, total, caller);
            reserved = total;
        } catch (ProblemException e) {
            refusal = e;
            throw e;
        }
    }

    /** Why the upload was cut off mid-way: an extension accounting refused or could not answer; else null. */
    ProblemException refusal() {
        return refusal;
    }

    /** The upload is stored and announced: its reservation stays for accounting to settle. */
    void keep() {
        kept = true;
    }

    @Override
    public void close() {
        if (!kept) {
            accounting.release(reservation, caller);
        }
    }
}
