package org.imagerepo.persistence;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.LockModeType;
import jakarta.persistence.TransactionRequiredException;
import jakarta.transaction.Status;
import org.hibernate.Session;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An outbox table in the active database (ADR 1). A service's subclass names the entity and the session of its
 * active persistence unit.
 */
public abstract class OutboxStore<E extends OutboxRow> {

    private final Class<E> type;
    private final Supplier<E> newRow;

    protected OutboxStore(Class<E> type, Supplier<E> newRow) {
        this.type = type;
        this.newRow = newRow;
    }

    /** The active persistence unit's transaction-scoped session. */
    protected abstract Session session();

    /** Queues an event in the current transaction: it is published only if that transaction commits. */
    public void queue(RepositoryEvent event) {
        // Checked here rather than with @Transactional(MANDATORY): a store need not be a bean.
        if (QuarkusTransaction.getStatus() == Status.STATUS_NO_TRANSACTION) {
            throw new TransactionRequiredException("an event is queued only with the change it announces");
        }
        E row = newRow.get();
        row.topic = event.topic();
        row.eventKey = event.key();
        row.payload = EventCodec.encode(event);
        row.createdAt = Instant.now();
        session().persist(row);
    }

    /**
     * Hands up to {@code max} events, in id order, to {@code publish} and forgets them once it returns; if it
     * throws they stay queued. Under a row lock, so two replicas never publish the same rows at once.
     *
     * @return how many were published
     */
    public int relay(int max, Consumer<List<OutboxMessage>> publish) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<E> batch = session()
                    .createSelectionQuery("from " + type.getName() + " order by id", type)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setMaxResults(max)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            publish.accept(batch.stream().map(e -> new OutboxMessage(e.topic, e.eventKey, e.payload)).toList());
            batch.forEach(session()::remove);
            return batch.size();
        });
    }
}
