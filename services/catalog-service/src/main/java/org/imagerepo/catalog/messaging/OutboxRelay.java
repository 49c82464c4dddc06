package org.imagerepo.catalog.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.imagerepo.catalog.model.OutboxEntry;
import org.imagerepo.catalog.repository.CatalogDatabase;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Publishes the outbox: in id order, waits for Kafka's acknowledgement, then deletes what was sent,
 * all under a row lock so that two replicas never publish the same rows concurrently. A failure
 * leaves the rows for the next round: delivery is at least once, and consumers de-duplicate.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    CatalogDatabase database;

    @Inject
    @Channel("events-out")
    MutinyEmitter<String> emitter;

    @Scheduled(every = "${imagerepo.outbox.poll-interval:0.2s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            while (publishBatch() == BATCH) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox publication failed, will retry: %s", e.getMessage());
        }
    }

    int publishBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<OutboxEntry> batch = database.session()
                    .createSelectionQuery("from OutboxEntry order by id", OutboxEntry.class)
                    .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                    .setMaxResults(BATCH)
                    .getResultList();
            if (batch.isEmpty()) {
                return 0;
            }
            List<Uni<Void>> acks = batch.stream().map(this::send).toList();
            Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
            batch.forEach(database.session()::remove);
            return batch.size();
        });
    }

    private Uni<Void> send(OutboxEntry entry) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(entry.topic).withKey(entry.eventKey).build();
        return emitter.sendMessage(Message.of(entry.payload).addMetadata(metadata));
    }
}
