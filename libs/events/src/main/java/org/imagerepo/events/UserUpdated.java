package org.imagerepo.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * An administrator changed a user's record. {@code changes} holds each changed field ({@code quota},
 * {@code role}, {@code status}) with its new value (quota a JSON number of bytes); {@code role},
 * {@code status} and {@code quota} are the whole new state, so a consumer needs no other source.
 */
public record UserUpdated(UUID eventId, Instant occurredAt, String actor,
                          String username, Map<String, Object> changes, String role, String status, long quota)
        implements RepositoryEvent {

    public static UserUpdated of(String actor, String username, Map<String, Object> changes,
                                 String role, String status, long quota) {
        return new UserUpdated(UUID.randomUUID(), Instant.now(), actor, username, Map.copyOf(changes), role, status, quota);
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
