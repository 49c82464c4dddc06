package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user's usage or quota changed (an upload settled, an image left, an admin changed the quota, a
 * reconciliation repaired drift). Published by accounting-service on {@link Topics#USERS}; the whole new
 * state, so that a consumer (the quota trigger) needs no other source. {@code usedBytes} is the sum of the
 * sizes of the images the user owns; {@code reservedBytes} is held by uploads in progress.
 */
public record UsageChanged(UUID eventId, Instant occurredAt, String actor,
        String username, long usedBytes, long reservedBytes, long imageCount, long quota) implements RepositoryEvent {

    public static UsageChanged of(String actor, String username, long usedBytes, long reservedBytes, long imageCount, long quota) {
        return new UsageChanged(UUID.randomUUID(), Instant.now(), actor, username, usedBytes, reservedBytes, imageCount, quota);
    }

    @Override
    public String key() {
        return username;
    }

    @Override
    public String topic() {
        return Topics.USERS;
    }
}
