package org.imagerepo.accounting.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.persistence.OutboxRow;

/** The outbox (ADR 1); the relay publishes rows in id order and deletes them once Kafka acked. */
@Entity
@Table(name = "accounting_outbox")
public class OutboxEntry extends OutboxRow {
}
