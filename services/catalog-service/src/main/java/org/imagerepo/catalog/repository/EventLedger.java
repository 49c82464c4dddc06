package org.imagerepo.catalog.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.catalog.model.OutboxEntry;
import org.imagerepo.catalog.model.ProcessedEvent;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** The two event tables: the outbox of what to announce and the record of what was applied. */
@ApplicationScoped
public class EventLedger {

    @Inject
    CatalogDatabase database;

    /** Queues an event in the current transaction; it is published only if that transaction commits. */
    public void announce(RepositoryEvent event) {
        OutboxEntry entry = new OutboxEntry();
        entry.topic = event.topic();
        entry.eventKey = event.key();
        entry.payload = EventCodec.encode(event);
        entry.createdAt = Instant.now();
        database.session().persist(entry);
    }

    /**
     * Records that an event is being applied in the current transaction.
     *
     * @return false when it was applied before: the caller must then change nothing
     */
    public boolean firstDelivery(UUID eventId) {
        String id = eventId.toString();
        if (database.session().find(ProcessedEvent.class, id) != null) {
            return false;
        }
        ProcessedEvent processed = new ProcessedEvent();
        processed.eventId = id;
        processed.processedAt = Instant.now();
        database.session().persist(processed);
        return true;
    }

    /** Forgets applied events older than the retention; Kafka redelivers only within its own retention. */
    public int forgetProcessedBefore(Duration retention) {
        return database.session().createMutationQuery("delete from ProcessedEvent where processedAt < :before")
                .setParameter("before", Instant.now().minus(retention)).executeUpdate();
    }
}
