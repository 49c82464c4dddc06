package org.imagerepo.accounting.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.accounting.service.BookKeeper;
import org.imagerepo.events.EventCodec;

import java.time.Duration;
import java.time.Instant;

/**
 * The books' sources (ADR 10): image lifecycle from the catalog, bytes stored, failed or removed and
 * downloads from blob-service. Each channel applies its records one at a time, in partition order; event
 * types this version does not know are skipped, and the BookKeeper applies each event once.
 */
@ApplicationScoped
public class AccountingEventConsumer {

    @Inject
    BookKeeper books;

    @Inject
    Books store;

    @Incoming("image-events")
    @Blocking
    public void onImageEvent(String payload) {
        EventCodec.decode(payload).ifPresent(books::apply);
    }

    @Incoming("blob-events")
    @Blocking
    public void onBlobEvent(String payload) {
        EventCodec.decode(payload).ifPresent(books::apply);
    }

    @Incoming("access-events")
    @Blocking
    public void onAccessEvent(String payload) {
        EventCodec.decode(payload).ifPresent(books::apply);
    }

    /** Applied event ids are remembered a week, far longer than any redelivery we expect. */
    @Scheduled(every = "1h", delayed = "1m", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forgetOldProcessedEvents() {
        store.forgetAppliedEventsBefore(Instant.now().minus(Duration.ofDays(7)));
    }
}
