package org.imagerepo.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Publishes an outbox (ADR 1), each event to its own topic: hands each batch to Kafka in order, waits until the
 * broker acknowledged every event, and only then lets the outbox forget it. A failure leaves the events queued:
 * delivery is at least once, and consumers de-duplicate on the event id. After a failure the relay waits before
 * the next try, doubling the wait up to {@link #MAX_BACKOFF}, so a broker that is down is not asked on every tick.
 *
 * <p>The service's subclass is the bean: it names the outbox ({@link #drain}) and the emitter ({@link #emitter}),
 * and calls {@link #relay} from its own {@code @Scheduled} method (Quarkus schedules no method of an abstract class).
 */
public abstract class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    static final int BATCH = 200;
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "outbox-sender");
        thread.setDaemon(true);
        return thread;
    });

    // One round at a time (the subclass's schedule skips concurrent runs), but not always on the same thread.
    private volatile int failures;
    private volatile long retryAt;

    /**
     * Hands up to {@code max} queued events, in order, to {@code publish}, which returns once the broker acknowledged
     * every one (or throws, leaving them queued), then forgets them.
     *
     * @return how many were published
     */
    protected abstract int drain(int max, Consumer<List<OutboxMessage>> publish);

    /** The emitter of the channel whose records go out with each message's own topic and key. */
    protected abstract MutinyEmitter<String> emitter();

    /** One round: publishes until the outbox is empty, unless the last failure was too recent. */
    protected void relay() {
        if (sender.isShutdown() || (failures > 0 && System.nanoTime() - retryAt < 0)) {
            return;
        }
        try {
            while (drain(BATCH, this::publish) >= BATCH && !sender.isShutdown()) {
                // a full batch: more may be waiting
            }
            failures = 0;
        } catch (RuntimeException e) {
            if (sender.isShutdown()) {
                return; // stopping: what was not acknowledged stays queued for the next start
            }
            failures++;
            Duration wait = backoff(failures);
            retryAt = System.nanoTime() + wait.toNanos();
            LOG.warnf("outbox publication failed, will retry in %ss: %s", wait.toSeconds(), e.getMessage());
        }
    }

    static Duration backoff(int failures) {
        return Duration.ofSeconds(Math.min(FIRST_BACKOFF.toSeconds() << Math.min(failures - 1, 10), MAX_BACKOFF.toSeconds()));
    }

    /**
     * Sends from a thread of our own while the outbox transaction waits: a send from the transaction's thread would
     * carry the transaction into Kafka's callback threads, and the commit would then find it still in use.
     */
    private void publish(List<OutboxMessage> messages) {
        Future<?> sent;
        try {
            sent = sender.submit(() -> {
                List<Uni<Void>> acks = messages.stream().map(this::send).toList();
                Uni.join().all(acks).andFailFast().await().atMost(ACK_TIMEOUT);
            });
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the outbox relay is stopping", e);
        }
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

    /** The record for one message, acknowledged once the broker has it. */
    protected Uni<Void> send(OutboxMessage message) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(message.topic()).withKey(message.key()).build();
        return emitter().sendMessage(Message.of(message.payload()).addMetadata(metadata));
    }

    /** Stops the sender; a batch in flight fails and stays queued. */
    @PreDestroy
    protected void stop() {
        // Tasks never started are cancelled, so a relay waiting for one does not wait out its timeout.
        sender.shutdownNow().forEach(task -> ((Future<?>) task).cancel(true));
    }
}
