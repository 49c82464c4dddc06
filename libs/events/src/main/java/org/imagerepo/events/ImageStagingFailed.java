package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The image of a rain reservation could not be put at its target store; {@code reason} says why in words a
 * person can act on. Published by trigger-service on {@link Topics#STAGING}, keyed by reservation id.
 */
public record ImageStagingFailed(UUID eventId, Instant occurredAt, String actor,
        String reservationId, String imageId, String target, String reason) implements RepositoryEvent {

    public static ImageStagingFailed of(String actor, String reservationId, String imageId, String target, String reason) {
        return new ImageStagingFailed(UUID.randomUUID(), Instant.now(), actor, reservationId, imageId, target, reason);
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
