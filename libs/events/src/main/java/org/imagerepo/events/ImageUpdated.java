package org.imagerepo.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Metadata of an image changed; {@code changes} holds each changed field with its new value. */
public record ImageUpdated(UUID eventId, Instant occurredAt, String actor,
                           String imageId, String owner, Map<String, Object> changes) implements RepositoryEvent {

    public static ImageUpdated of(String actor, String imageId, String owner, Map<String, Object> changes) {
        return new ImageUpdated(UUID.randomUUID(), Instant.now(), actor, imageId, owner, Map.copyOf(changes));
    }

    @Override
    public String key() {
        return imageId;
    }

    @Override
    public String topic() {
        return Topics.IMAGES;
    }
}
