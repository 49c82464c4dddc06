package org.imagerepo.outbox;

/** A queued event as it goes to Kafka: its topic, record key and encoded event. */
public record OutboxMessage(String topic, String key, String payload) {
}
