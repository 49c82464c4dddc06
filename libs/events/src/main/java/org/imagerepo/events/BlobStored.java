package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The whole of an image's bytes are durably stored at {@code location}, with these checksums. The first one
 * for an image completes its upload; a later one with the same checksum is a copy in another store (the
 * catalog then lists the image at both locations, and either can serve it).
 */
public record BlobStored(UUID eventId, Instant occurredAt, String actor,
                         String imageId, String location, long size, String sha256, String md5) implements RepositoryEvent {

    public static BlobStored of(String actor, String imageId, String location, long size, String sha256, String md5) {
        return new BlobStored(UUID.randomUUID(), Instant.now(), actor, imageId, location, size, sha256, md5);
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
