package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/** An upload did not complete; nothing of it was kept. */
public record BlobFailed(UUID eventId, Instant occurredAt, String actor,
                         String imageId, String reason, long bytesReceived) implements RepositoryEvent {

    public static BlobFailed of(String actor, String imageId, String reason, long bytesReceived) {
        return new BlobFailed(UUID.randomUUID(), Instant.now(), actor, imageId, reason, bytesReceived);
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
