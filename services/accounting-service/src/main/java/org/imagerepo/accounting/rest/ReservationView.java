package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.accounting.model.Reservation;

import java.time.Instant;

/** A reservation as the internal API answers it. */
@Schema(name = "QuotaReservation", description = "Quota held for an upload in progress")
public record ReservationView(String reservationId, String imgId, String owner, long bytes, Instant createdAt) {

    public static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.id, reservation.imgId, reservation.owner, reservation.bytes,
                reservation.createdAt);
    }
}
