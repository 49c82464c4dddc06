package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/** An administrator removed a user's record; a later sign-in of that user starts a fresh one. */
public record UserRemoved(UUID eventId, Instant occurredAt, String actor, String username) implements RepositoryEvent {

    public static UserRemoved of(String actor, String username) {
        return new UserRemoved(UUID.randomUUID(), Instant.now(), actor, username);
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
