package org.imagerepo.outbox;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxRelayTest {

    /** An outbox in memory and a broker that acks or refuses, recording what it got and on which thread. */
    static class FakeRelay extends OutboxRelay {
        final List<OutboxMessage> queued = new ArrayList<>();
        final List<String> sent = new ArrayList<>();
        final List<String> sendThreads = new ArrayList<>();
        volatile boolean brokerUp = true;
        int drains;

        @Override
        protected int drain(int max, Consumer<List<OutboxMessage>> publish) {
            drains++;
            List<OutboxMessage> batch = List.copyOf(queued.subList(0, Math.min(max, queued.size())));
            if (!batch.isEmpty()) {
                publish.accept(batch);
                queued.subList(0, batch.size()).clear();
            }
            return batch.size();
        }

        @Override
        protected MutinyEmitter<String> emitter() {
            throw new UnsupportedOperationException("send is overridden");
        }

        @Override
        protected Uni<Void> send(OutboxMessage message) {
            return Uni.createFrom().voidItem().onItem().transformToUni(nothing -> {
                synchronized (sent) {
                    sendThreads.add(Thread.currentThread().getName());
                    if (!brokerUp) {
                        return Uni.createFrom().failure(new IllegalStateException("broker down"));
                    }
                    sent.add(message.key());
                    return Uni.createFrom().voidItem();
                }
            });
        }

        void queue(int count) {
            IntStream.range(queued.size(), queued.size() + count)
                    .forEach(i -> queued.add(new OutboxMessage("t", "k" + i, "{}")));
        }
    }

    private final FakeRelay relay = new FakeRelay();

    @AfterEach
    void stop() {
        relay.stop();
    }

    @Test
    void publishesEveryBatchInOrderFromItsOwnThread() {
        relay.queue(OutboxRelay.BATCH + 5);

        relay.relay();

        assertEquals(IntStream.range(0, OutboxRelay.BATCH + 5).mapToObj(i -> "k" + i).toList(), relay.sent);
        assertTrue(relay.queued.isEmpty());
        assertTrue(relay.sendThreads.stream().noneMatch(Thread.currentThread().getName()::equals), relay.sendThreads.toString());
    }

    @Test
    void aRefusedBatchStaysQueuedAndTheRelayWaitsBeforeTryingAgain() {
        relay.queue(3);
        relay.brokerUp = false;

        relay.relay();
        assertEquals(3, relay.queued.size());
        assertEquals(1, relay.drains);

        relay.brokerUp = true;
        relay.relay();
        assertEquals(1, relay.drains, "a round within the back-off does not ask the broker");
        assertEquals(3, relay.queued.size());
    }

    @Test
    void theBackOffDoublesUpToItsMaximum() {
        assertEquals(Duration.ofSeconds(1), OutboxRelay.backoff(1));
        assertEquals(Duration.ofSeconds(2), OutboxRelay.backoff(2));
        assertEquals(Duration.ofSeconds(16), OutboxRelay.backoff(5));
        assertEquals(OutboxRelay.MAX_BACKOFF, OutboxRelay.backoff(6));
        assertEquals(OutboxRelay.MAX_BACKOFF, OutboxRelay.backoff(1000));
    }

    @Test
    void aStoppedRelayPublishesNothing() {
        relay.queue(2);
        relay.stop();

        relay.relay();

        assertEquals(0, relay.drains);
        assertEquals(2, relay.queued.size());
    }
}
