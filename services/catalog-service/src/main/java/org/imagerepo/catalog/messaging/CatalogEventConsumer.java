package org.imagerepo.catalog.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.imagerepo.catalog.repository.ImageStore;
import org.imagerepo.catalog.service.ImageService;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobRemoved;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.RepositoryEvent;

import java.time.Duration;
import java.time.Instant;

/**
 * What the catalog learns from blob-service: bytes stored, failed or one copy removed (status, size,
 * checksums, locations) and images downloaded (access count, last access). Every apply is idempotent.
 */
@ApplicationScoped
public class CatalogEventConsumer {

    @Inject
    ImageService images;

    @Inject
    ImageStore store;

    @Incoming("blob-events")
    @Blocking
    public void onBlobEvent(String payload) {
        RepositoryEvent event = EventCodec.decode(payload).orElse(null);
        if (event instanceof BlobStored stored) {
            images.apply(stored);
        } else if (event instanceof BlobFailed failed) {
            images.apply(failed);
        } else if (event instanceof BlobRemoved removed) {
            images.apply(removed);
        }
    }

    @Incoming("access-events")
    @Blocking
    public void onAccessEvent(String payload) {
        if (EventCodec.decode(payload).orElse(null) instanceof ImageAccessed accessed) {
            images.apply(accessed);
        }
    }

    /** Applied event ids are remembered a week, far longer than any redelivery we expect. */
    @Scheduled(every = "1h", delayed = "1m")
    void forgetOldProcessedEvents() {
        store.forgetAppliedEventsBefore(Instant.now().minus(Duration.ofDays(7)));
    }
}
