package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * One copy of an image's bytes, at {@code location}, was removed (the image keeps its other copies). Published
 * by blob-service on {@link Topics#BLOBS}; the catalog drops the location from the image.
 */
public record BlobRemoved(UUID eventId, Instant occurredAt, String actor,
        String imageId, String location) implements RepositoryEvent {

    public static BlobRemoved of(String actor, String imageId, String location) {
        return new BlobRemoved(UUID.randomUUID(), Instant.now(), actor, imageId, location);
    }

    @Override
    public String key() {
        return imageId;
    }

    @Override
    public String topic() {
        return Topics.BLOBS;
    }
}
