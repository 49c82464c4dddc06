package org.imagerepo.persistence;

import org.hibernate.Session;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/** The ids of the events a service has applied, in the caller's transaction (ADR 1: consumers are idempotent). */
public final class ProcessedEvents<E extends ProcessedEventRow> {

    private final Class<E> type;
    private final Supplier<E> newRow;
    private final Supplier<Session> session;

    /** {@code session}: the active persistence unit's transaction-scoped session, looked up on each use. */
    public ProcessedEvents(Class<E> type, Supplier<E> newRow, Supplier<Session> session) {
        this.type = type;
        this.newRow = newRow;
        this.session = session;
    }

    /**
     * Records that an event is being applied in the current transaction.
     *
     * @return false when it was applied before (a redelivery: skip it)
     */
    public boolean firstDelivery(UUID eventId) {
        String id = eventId.toString();
        if (session.get().find(type, id) != null) {
            return false;
        }
        E row = newRow.get();
        row.eventId = id;
        row.processedAt = Instant.now();
        session.get().persist(row);
        return true;
    }

    /** Forgets the ids of events applied before {@code before}. */
    public int forgetBefore(Instant before) {
        return session.get().createMutationQuery("delete from " + type.getName() + " where processedAt < :before")
                .setParameter("before", before).executeUpdate();
    }
}
