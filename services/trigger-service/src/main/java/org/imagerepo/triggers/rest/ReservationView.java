package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.triggers.model.ReservationRecord;

import java.time.Instant;

/**
 * A rain reservation and its staging: {@code state} scheduled|staging|staged|failed|released|cancelled;
 * {@code location} the copy in the target store once staged; {@code madeByUs} whether that copy was made for the
 * reservation (only then is it removed after the end).
 */
@Schema(name = "RainReservation")
public record ReservationView(String reservationId, String imageId, String target, Instant start, Instant end,
                              boolean cancelled, String state, @Schema(nullable = true) String location,
                              boolean madeByUs, int attempts, @Schema(nullable = true) String lastError,
                              Instant receivedAt, @Schema(nullable = true) Instant updatedAt) {

    public static ReservationView of(ReservationRecord r) {
        return new ReservationView(r.reservationId, r.imageId, r.target, r.startAt, r.endAt, r.cancelled, r.state,
                r.location, r.madeByUs, r.attempts, r.lastError, r.receivedAt, r.updatedAt);
    }
}
