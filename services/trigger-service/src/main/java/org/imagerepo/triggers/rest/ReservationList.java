package org.imagerepo.triggers.rest;

import java.util.List;

public record ReservationList(int count, List<ReservationView> reservations) {

    public static ReservationList of(List<ReservationView> reservations) {
        return new ReservationList(reservations.size(), reservations);
    }
}
