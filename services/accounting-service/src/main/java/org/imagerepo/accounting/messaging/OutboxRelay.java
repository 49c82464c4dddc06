package org.imagerepo.accounting.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.imagerepo.accounting.repository.Outbox;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * Publishes the outbox: hands each batch to Kafka, waits for the acknowledgement, and only then lets the
 * outbox forget it. A failure leaves the events queued for the next round: delivery is at least once, and
 * consumers de-duplicate on the event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    Outbox outbox;

    @Inject
    @Channel("users-out")
    MutinyEmitter<String> emitter;

    // Not before the application runs: the scheduler starts before the emitter is wired to Kafka.
    @Scheduled(every = "${imagerepo.outbox.poll-interval:0.2s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void relay() {
        try {
            while (outbox.relay(BATCH, this::publish) >= BATCH) {
                // a full batch: more may be waiting
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox publication failed, will retry: %s", e.getMessage());
        }
    }

    private void publish(List<Outbox.Message> messages) {
        List<Uni<Void>> acks = messages.stream().map(this::send).toList();
        Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
    }

    private Uni<Void> send(Outbox.Message message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic()).withKey(message.key()).build();
        return emitter.sendMessage(Message.of(message.payload()).addMetadata(metadata));
    }
}
