package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;

import java.time.Instant;

/**
 * An event waiting to be published, written in the same transaction as the action rows it goes with, so a
 * crash loses neither; the relay publishes rows in id order and deletes them once Kafka acked (ADR 1).
 */
@Entity
@Table(name = "trigger_outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(length = 128, nullable = false)
    public String topic;

    @Column(name = "event_key", length = 256, nullable = false)
    public String eventKey;

    @Column(length = 16000, nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static OutboxEntry of(RepositoryEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = event.topic();
        entry.eventKey = event.key();
        entry.payload = EventCodec.encode(event);
        entry.createdAt = Instant.now();
        return entry;
    }
}
