package org.imagerepo.accounting.rest;

import org.imagerepo.accounting.model.Reservation;

import java.time.Instant;

/** A reservation as the internal API answers it. */
public record ReservationView(String reservationId, String imgId, String owner, long bytes, Instant createdAt) {

    public static ReservationView of(Reservation reservation) {
        return new ReservationView(reservation.id, reservation.imgId, reservation.owner, reservation.bytes,
                reservation.createdAt);
    }
}
