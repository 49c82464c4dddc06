package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The reservation ended and the copy staged for it was removed from the target store. Published by
 * trigger-service on {@link Topics#STAGING}, keyed by reservation id.
 */
public record StagedCopyRemoved(UUID eventId, Instant occurredAt, String actor,
        String reservationId, String imageId, String target, String location) implements RepositoryEvent {

    public static StagedCopyRemoved of(String actor, String reservationId, String imageId, String target, String location) {
        return new StagedCopyRemoved(UUID.randomUUID(), Instant.now(), actor, reservationId, imageId, target, location);
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
