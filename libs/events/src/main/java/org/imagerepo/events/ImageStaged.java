package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The image of a rain reservation is at its target store, at {@code location}, ready before the reservation
 * starts. Published by trigger-service on {@link Topics#STAGING}, keyed by reservation id.
 */
public record ImageStaged(UUID eventId, Instant occurredAt, String actor,
        String reservationId, String imageId, String target, String location) implements RepositoryEvent {

    public static ImageStaged of(String actor, String reservationId, String imageId, String target, String location) {
        return new ImageStaged(UUID.randomUUID(), Instant.now(), actor, reservationId, imageId, target, location);
    }

    @Override
    public String key() {
        return reservationId;
    }

    @Override
    public String topic() {
        return Topics.STAGING;
    }
}
