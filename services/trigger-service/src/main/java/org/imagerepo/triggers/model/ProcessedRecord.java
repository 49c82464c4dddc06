package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A record a consumer has acted on (an event id, or a reservation record's partition and offset), written in
 * the same transaction as its effect: a redelivered record is recognised and skipped.
 */
@Entity
@Table(name = "trigger_processed")
public class ProcessedRecord {

    @Id
    @Column(name = "record_key", length = 200)
    public String recordKey;

    @Column(name = "processed_at", nullable = false)
    public Instant processedAt;
}
