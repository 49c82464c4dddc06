package org.imagerepo.catalog.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.persistence.OutboxRow;

/** The relational stores' outbox; the relay publishes rows in id order and deletes them once Kafka acked. */
@Entity
@Table(name = "outbox")
public class OutboxEntry extends OutboxRow {
}
