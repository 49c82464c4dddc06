package org.imagerepo.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;

/**
 * The id of an event a service has applied, written with its effect: a redelivered event is recognised and
 * skipped. Each service maps it to its own table with a one-line {@code @Entity} subclass.
 */
@MappedSuperclass
public abstract class ProcessedEventRow {

    @Id
    @Column(name = "event_id", length = 36)
    public String eventId;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;
}
