package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A user got a record in the repository: at their first sign-in, or added by an administrator before it.
 * {@code role} is {@code admin} or {@code user}; {@code status} {@code pending}, {@code activated} or
 * {@code deactivated}; {@code quota} in bytes. Published by accounting-service.
 */
public record UserRegistered(UUID eventId, Instant occurredAt, String actor,
                             String username, String role, String status, long quota) implements RepositoryEvent {

    public static UserRegistered of(String actor, String username, String role, String status, long quota) {
        return new UserRegistered(UUID.randomUUID(), Instant.now(), actor, username, role, status, quota);
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
