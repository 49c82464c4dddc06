package org.imagerepo.catalog.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.outbox.OutboxMessage;

import java.util.List;
import java.util.function.Consumer;

/**
 * Publishes the store's outbox. How a store keeps replicas from publishing the same events at once is its own
 * business (row locks, or a lease on a document).
 */
@ApplicationScoped
public class OutboxRelay extends org.imagerepo.outbox.OutboxRelay {

    @Inject
    ImageStore store;

    @Inject
    @Channel("events-out")
    MutinyEmitter<String> emitter;

    // Not before the application runs: the scheduler starts before the emitter is wired to Kafka, and a
    // run then fails to create this bean.
    @Scheduled(every = "${imagerepo.outbox.poll-interval:0.2s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        relay();
    }

    @Override
    protected int drain(int max, Consumer<List<OutboxMessage>> publish) {
        return store.relay(max, publish);
    }

    @Override
    protected MutinyEmitter<String> emitter() {
        return emitter;
    }
}
