package org.imagerepo.triggers.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.imagerepo.triggers.repository.Outbox;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes the outbox, each event to its own topic (notifications, rain staging, image requests): hands each
 * batch to Kafka, waits for the acknowledgement, and only then lets the outbox forget it. A failure leaves the
 * events queued for the next round: delivery is at least once, and consumers de-duplicate on the event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 200;
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    Outbox outbox;

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "trigger-outbox-sender");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    @Channel("events-out")
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

    /**
     * Sends from a thread of our own while the outbox transaction waits: a send from the transaction's thread
     * would carry the transaction into Kafka's callback threads, and the commit would then find it still in use.
     */
    private void publish(List<Outbox.Message> messages) {
        Future<?> sent = sender.submit(() -> {
            List<Uni<Void>> acks = messages.stream().map(this::send).toList();
            Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
        });
        try {
            sent.get(ACK_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new IllegalStateException("Kafka did not acknowledge the outbox batch within " + ACK_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the outbox", e);
        }
    }

    @PreDestroy
    void stop() {
        sender.shutdownNow();
    }

    private Uni<Void> send(Outbox.Message message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic()).withKey(message.key()).build();
        return emitter.sendMessage(Message.of(message.payload()).addMetadata(metadata));
    }
}
