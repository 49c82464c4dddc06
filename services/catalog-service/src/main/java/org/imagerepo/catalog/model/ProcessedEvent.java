package org.imagerepo.catalog.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.persistence.ProcessedEventRow;

/** The id of an event this service has applied: a redelivered event is recognised and skipped. */
@Entity
@Table(name = "processed_events")
public class ProcessedEvent extends ProcessedEventRow {
}
