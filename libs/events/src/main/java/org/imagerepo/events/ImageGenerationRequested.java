package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A reservation asked for an image that does not exist: a request that an image generator build it from a
 * template, then register it under a new id. Published by trigger-service on {@link Topics#IMAGE_REQUESTS},
 * keyed by the image id asked for. The reservation itself fails ({@link ImageStagingFailed}).
 */
public record ImageGenerationRequested(UUID eventId, Instant occurredAt, String actor,
        String reservationId, String imageId, String target, String reason) implements RepositoryEvent {

    public static ImageGenerationRequested of(String actor, String reservationId, String imageId, String target, String reason) {
        return new ImageGenerationRequested(UUID.randomUUID(), Instant.now(), actor, reservationId, imageId, target, reason);
    }

    @Override
    public String key() {
        return imageId;
    }

    @Override
    public String topic() {
        return Topics.IMAGE_REQUESTS;
    }
}
