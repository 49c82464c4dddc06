package org.imagerepo.triggers.model;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.persistence.OutboxRow;

/**
 * The outbox, written in the same transaction as the action rows its events go with (ADR 1); the relay publishes
 * rows in id order and deletes them once Kafka acked. Its event_key column is wider than the other outboxes'.
 */
@Entity
@Table(name = "trigger_outbox")
@AttributeOverride(name = "eventKey", column = @Column(name = "event_key", length = 256, nullable = false))
public class OutboxEntry extends OutboxRow {
}
