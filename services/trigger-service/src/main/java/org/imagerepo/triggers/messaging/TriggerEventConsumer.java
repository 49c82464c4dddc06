package org.imagerepo.triggers.messaging;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.UsageChanged;
import org.imagerepo.triggers.repository.ProcessedRecords;
import org.imagerepo.triggers.rules.FaultyImagesRule;
import org.imagerepo.triggers.rules.QuotaRule;
import org.imagerepo.triggers.rules.RainPrestagingRule;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * What the rules react to: usage ({@code imagerepo.users}), failed uploads ({@code imagerepo.blobs}) and the rain
 * service's reservations. Each apply is idempotent (event id, or the reservation record's partition and offset,
 * kept with the effect), so at-least-once delivery acts once.
 */
@ApplicationScoped
public class TriggerEventConsumer {

    private static final Logger LOG = Logger.getLogger(TriggerEventConsumer.class);

    @Inject
    QuotaRule quota;

    @Inject
    FaultyImagesRule faultyImages;

    @Inject
    RainPrestagingRule rain;

    @Inject
    ProcessedRecords processed;

    @Incoming("users-in")
    @Blocking
    public void onUserEvent(String payload) {
        if (decode(payload) instanceof UsageChanged usage) {
            quota.apply(usage);
        }
    }

    @Incoming("blobs-in")
    @Blocking
    public void onBlobEvent(String payload) {
        if (decode(payload) instanceof BlobFailed failed) {
            faultyImages.observe(failed);
        }
    }

    @Incoming("reservations-in")
    @Blocking
    public void onReservation(ConsumerRecord<String, String> record) {
        String key = "reservation:" + record.topic() + ":" + record.partition() + ":" + record.offset();
        rain.receive(key, record.value() == null ? "" : record.value());
    }

    /** Processed record keys are kept a week, far longer than any redelivery we expect. */
    @Scheduled(every = "1h", delayed = "1m")
    void forgetOldProcessedRecords() {
        processed.forgetBefore(Instant.now().minus(Duration.ofDays(7)));
    }

    /** Another service's event this version cannot read is skipped, not retried forever. */
    private static RepositoryEvent decode(String payload) {
        try {
            return EventCodec.decode(payload).orElse(null);
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a record that is not a repository event: %s", e.getMessage());
            return null;
        }
    }
}
