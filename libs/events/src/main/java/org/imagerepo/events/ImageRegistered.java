package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/** A new image was registered in the catalog; its bytes are still to come. */
public record ImageRegistered(UUID eventId, Instant occurredAt, String actor,
                              String imageId, String owner, String name, String permission) implements RepositoryEvent {

    public static ImageRegistered of(String actor, String imageId, String owner, String name, String permission) {
        return new ImageRegistered(UUID.randomUUID(), Instant.now(), actor, imageId, owner, name, permission);
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
