package org.imagerepo.accounting.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.imagerepo.accounting.repository.Outbox;
import org.imagerepo.outbox.OutboxMessage;

import java.util.List;
import java.util.function.Consumer;

/** Publishes the outbox to imagerepo.users, keyed by user name. */
@ApplicationScoped
public class OutboxRelay extends org.imagerepo.outbox.OutboxRelay {

    @Inject
    Outbox outbox;

    @Inject
    @Channel("users-out")
    MutinyEmitter<String> emitter;

    // Not before the application runs: the scheduler starts before the emitter is wired to Kafka.
    @Scheduled(every = "${imagerepo.outbox.poll-interval:0.2s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        relay();
    }

    @Override
    protected int drain(int max, Consumer<List<OutboxMessage>> publish) {
        return outbox.relay(max, publish);
    }

    @Override
    protected MutinyEmitter<String> emitter() {
        return emitter;
    }
}
