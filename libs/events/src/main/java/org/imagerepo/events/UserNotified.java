package org.imagerepo.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Something a user should know: their usage passed their quota, an image of theirs is about to be removed as
 * unused. Published by trigger-service on {@link Topics#NOTIFICATIONS} for whatever delivers mail or chat.
 */
public record UserNotified(UUID eventId, Instant occurredAt, String actor,
        String username, String rule, String subject, String message) implements RepositoryEvent {

    public static UserNotified of(String actor, String username, String rule, String subject, String message) {
        return new UserNotified(UUID.randomUUID(), Instant.now(), actor, username, rule, subject, message);
    }

    @Override
    public String key() {
        return username;
    }

    @Override
    public String topic() {
        return Topics.NOTIFICATIONS;
    }
}
