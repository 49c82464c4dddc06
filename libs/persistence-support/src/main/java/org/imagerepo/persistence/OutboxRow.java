package org.imagerepo.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * An event waiting to be published (ADR 1), written in the same transaction as the change it announces, so a
 * crash loses neither. Each service maps it to its own table with a one-line {@code @Entity} subclass.
 */
@MappedSuperclass
public abstract class OutboxRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(length = 128, nullable = false)
    public String topic;

    @Column(name = "event_key", length = 128, nullable = false)
    public String eventKey;

    @Column(length = 16000, nullable = false)
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
