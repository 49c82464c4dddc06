package org.imagerepo.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An image left the catalog; blob-service removes the bytes at {@code locations}. */
public record ImageDeleted(UUID eventId, Instant occurredAt, String actor,
                           String imageId, String owner, List<String> locations, long size) implements RepositoryEvent {

    public static ImageDeleted of(String actor, String imageId, String owner, List<String> locations, long size) {
        return new ImageDeleted(UUID.randomUUID(), Instant.now(), actor, imageId, owner, List.copyOf(locations), size);
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
