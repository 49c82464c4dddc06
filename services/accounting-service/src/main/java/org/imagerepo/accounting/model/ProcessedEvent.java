package org.imagerepo.accounting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The id of an event this service has applied, recorded with its effect: a redelivery is recognised and skipped. */
@Entity
@Table(name = "accounting_processed_events")
public class ProcessedEvent {

    @Id
    @Column(name = "event_id", length = 36)
    public String eventId;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;
}
