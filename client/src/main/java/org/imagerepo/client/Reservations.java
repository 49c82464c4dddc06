package org.imagerepo.client;

import java.util.List;

/**
 * The rain reservations trigger-service has seen, and how far staging each got ({@code /api/v1/reservations}).
 * From {@link ImageRepoClient#reservations()}.
 */
public final class Reservations {

    private static final String RESERVATIONS = "/api/v1/reservations";

    private final Transport transport;

    Reservations(Transport transport) {
        this.transport = transport;
    }

    /** Every reservation trigger-service keeps. */
    public List<Reservation> list() {
        return transport.callForList(transport.request(RESERVATIONS), Reservation.class, "reservations", 200);
    }

    /** One reservation, by the rain service's reservation id (admins only). */
    public Reservation show(String reservationId) {
        String path = RESERVATIONS + "/" + ApiPaths.segment(reservationId, "reservation");
        return transport.call(transport.request(path), Reservation.class, 200);
    }
}
