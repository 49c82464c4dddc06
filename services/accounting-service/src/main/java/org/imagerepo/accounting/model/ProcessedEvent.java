package org.imagerepo.accounting.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.imagerepo.persistence.ProcessedEventRow;

/** The id of an event this service has applied, recorded with its effect: a redelivery is recognised and skipped. */
@Entity
@Table(name = "accounting_processed_events")
public class ProcessedEvent extends ProcessedEventRow {
}
