package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A download finished. {@code wholeImage} is false for a byte-range read: those are accounted as
 * transferred bytes but do not count as an access of the image.
 */
public record ImageAccessed(UUID eventId, Instant occurredAt, String actor,
                            String imageId, long bytes, boolean wholeImage) implements RepositoryEvent {

    public static ImageAccessed of(String actor, String imageId, long bytes, boolean wholeImage) {
        return new ImageAccessed(UUID.randomUUID(), Instant.now(), actor, imageId, bytes, wholeImage);
    }

    @Override
    public String key() {
        return imageId;
    }

    @Override
    public String topic() {
        return Topics.ACCESS;
    }
}
