package org.imagerepo.triggers.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.triggers.model.OutboxEntry;

import java.util.List;
import java.util.function.Consumer;

/** The events waiting to be published, in the active database (ADR 1). */
@ApplicationScoped
public class Outbox {

    /** What the relay hands to Kafka. */
    public record Message(String topic, String key, String payload) {
    }

    @Inject
    TriggerDatabase database;

    /** Queues an event in the current transaction: it is published only if that transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void queue(RepositoryEvent event) {
        database.session().persist(OutboxEntry.of(event));
    }

    /**
     * Hands up to {@code max} events, in id order, to {@code publish} and forgets them once it returns; if it
     * throws they stay queued. Under a row lock, so two replicas never publish the same rows at once.
     *
     * @return how many were published
     */
    public int relay(int max, Consumer<List<Message>> publish) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntry> batch = database.session()
                    .createSelectionQuery("from OutboxEntry order by id", OutboxEntry.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setMaxResults(max)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            publish.accept(batch.stream().map(e -> new Message(e.topic, e.eventKey, e.payload)).toList());
            batch.forEach(database.session()::remove);
            return batch.size();
        });
    }
}
