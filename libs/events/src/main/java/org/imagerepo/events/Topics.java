package org.imagerepo.events;

import java.util.List;

/** The few topics of the system, named for what they carry. */
public final class Topics {

    /** Image lifecycle, published by catalog-service: registered, updated, deleted. */
    public static final String IMAGES = "imagerepo.images";

    /** Image bytes, published by blob-service: stored, failed. */
    public static final String BLOBS = "imagerepo.blobs";

    /** Downloads, published by blob-service: one event per completed transfer. */
    public static final String ACCESS = "imagerepo.access";

    /**
     * Users' records, published by accounting-service: registered, updated, removed, usage changed; keyed by
     * user name.
     */
    public static final String USERS = "imagerepo.users";

    /** What users should be told, published by trigger-service; keyed by user name. */
    public static final String NOTIFICATIONS = "imagerepo.notifications";

    /**
     * The rain service's reservations, published by the rain service (or any outside producer) as
     * {@link RainReservation} JSON, keyed by reservation id. A public contract: see the README.
     */
    public static final String RAIN_RESERVATIONS = "imagerepo.rain.reservations";

    /** What became of each reservation's image, published by trigger-service for the rain service. */
    public static final String STAGING = "imagerepo.rain.staging";

    /** Requests to generate a missing image from a template, published by trigger-service. */
    public static final String IMAGE_REQUESTS = "imagerepo.image-requests";

    /** Every topic above: what a broker must have for the services to run (bin/lib/kafka.sh creates them). */
    public static final List<String> ALL = List.of(IMAGES, BLOBS, ACCESS, USERS, NOTIFICATIONS, RAIN_RESERVATIONS,
            STAGING, IMAGE_REQUESTS);

    private Topics() {
    }
}
