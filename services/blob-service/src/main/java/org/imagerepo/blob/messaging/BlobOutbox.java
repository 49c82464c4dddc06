package org.imagerepo.blob.messaging;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;
import org.imagerepo.outbox.OutboxRelay;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The outbox of the events that report work already done (ADR 15): a download sent, an upload that failed. They
 * are recorded in {@link OutboxFile} under {@code <imagerepo.data-dir>/outbox} before the work is over, and relayed
 * to Kafka from there; a process killed in between sends them when it runs again. Opened at start-up, so that an
 * instance sharing another's data folder fails at once.
 */
@Startup
@ApplicationScoped
public class BlobOutbox extends OutboxRelay {

    private static final Logger LOG = Logger.getLogger(BlobOutbox.class);

    @ConfigProperty(name = "imagerepo.data-dir")
    Path dataDir;

    /** Force each event to the disk before going on: a lost machine then loses none either. */
    @ConfigProperty(name = "imagerepo.blob.outbox.sync", defaultValue = "true")
    boolean sync;

    @Inject
    @Channel("events-out")
    MutinyEmitter<String> emitter;

    @Inject
    MeterRegistry registry;

    private OutboxFile file;

    @PostConstruct
    void open() {
        try {
            file = new OutboxFile(dataDir.resolve("outbox"), sync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open blob-service's outbox in " + dataDir.resolve("outbox"), e);
        }
        long unsent = file.unsentBytes();
        if (unsent > 0) {
            LOG.infof("%d bytes of events in the outbox from an earlier run go to Kafka now", unsent);
        }
        Gauge.builder("imagerepo.outbox.unsent", file, OutboxFile::unsentBytes).baseUnit("bytes")
                .description("Events recorded but not yet acknowledged by Kafka").register(registry);
    }

    /** Records {@code event}; it reaches Kafka at the next relay, even if this process dies first. */
    public void append(RepositoryEvent event) {
        file.append(event);
    }

    // Not before the application runs: the scheduler starts before the emitter is wired to Kafka.
    @Scheduled(every = "${imagerepo.outbox.poll-interval:0.2s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        relay();
    }

    @Override
    protected int drain(int max, Consumer<List<OutboxMessage>> publish) {
        return file.drain(max, publish);
    }

    @Override
    protected MutinyEmitter<String> emitter() {
        return emitter;
    }

    @Override
    @PreDestroy
    protected void stop() {
        super.stop();
        try {
            file.close();
        } catch (IOException e) {
            LOG.warnf("could not close the outbox: %s", e.getMessage());
        }
    }
}
