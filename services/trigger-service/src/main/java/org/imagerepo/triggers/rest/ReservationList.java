package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

@Schema(name = "RainReservationPage")
public record ReservationList(int count, List<ReservationView> reservations) {

    public static ReservationList of(List<ReservationView> reservations) {
        return new ReservationList(reservations.size(), reservations);
    }
}
