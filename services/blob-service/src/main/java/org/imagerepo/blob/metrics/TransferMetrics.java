package org.imagerepo.blob.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The domain's own metrics of image bytes, at /q/metrics as {@code imagerepo_uploads_total},
 * {@code imagerepo_downloads_total}, {@code imagerepo_transfer_bytes_total}, {@code imagerepo_transfers_in_flight}
 * and {@code imagerepo_upload_seconds}: what an operator of an image repository watches (how much moves, how much
 * fails, how busy it is), beside the HTTP, JVM and Kafka-client metrics Quarkus exports anyway.
 */
@ApplicationScoped
public class TransferMetrics {

    /** What became of a transfer, as the {@code outcome} tag. */
    public enum Outcome {
        /** all bytes stored or sent */
        DONE,
        /** refused before any byte was kept or sent (quota, size, access, a store that was down) */
        REFUSED,
        /** broken off part-way (the client went away, the store failed) */
        BROKEN;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Inject
    MeterRegistry registry;

    private final AtomicInteger uploadsInFlight = new AtomicInteger();
    private final AtomicInteger downloadsInFlight = new AtomicInteger();

    void register(@Observes StartupEvent start) {
        registry.gauge("imagerepo.transfers.in.flight", Tags.of("direction", "upload"), uploadsInFlight);
        registry.gauge("imagerepo.transfers.in.flight", Tags.of("direction", "download"), downloadsInFlight);
    }

    /** Counts an upload from now to {@link InFlight#close}. */
    public InFlight upload(String store) {
        return new InFlight(true, store);
    }

    /** Counts a download from now to {@link InFlight#close}. */
    public InFlight download(String store) {
        return new InFlight(false, store);
    }

    /** One transfer under way; closing it records its outcome (BROKEN unless told otherwise) and bytes. */
    public final class InFlight implements AutoCloseable {
        private final boolean upload;
        private final String store;
        private final long started = System.nanoTime();
        private Outcome outcome = Outcome.BROKEN;
        private long bytes;
        private boolean closed;

        private InFlight(boolean upload, String store) {
            this.upload = upload;
            this.store = store;
            (upload ? uploadsInFlight : downloadsInFlight).incrementAndGet();
        }

        public void done(long bytesMoved) {
            outcome = Outcome.DONE;
            bytes = bytesMoved;
        }

        public void refused() {
            outcome = Outcome.REFUSED;
        }

        public void broken(long bytesMoved) {
            outcome = Outcome.BROKEN;
            bytes = bytesMoved;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            (upload ? uploadsInFlight : downloadsInFlight).decrementAndGet();
            String direction = upload ? "upload" : "download";
            Counter.builder(upload ? "imagerepo.uploads" : "imagerepo.downloads")
                    .description("Image " + direction + "s by store and outcome")
                    .tags("store", store, "outcome", outcome.tag()).register(registry).increment();
            if (bytes > 0) {
                Counter.builder("imagerepo.transfer.bytes").baseUnit("bytes")
                        .description("Image bytes received (upload) and sent (download)")
                        .tags("store", store, "direction", direction).register(registry).increment(bytes);
            }
            if (upload && outcome == Outcome.DONE) {
                Timer.builder("imagerepo.upload").description("Time to receive and store an image, checksums included")
                        .tags("store", store).register(registry).record(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }
}
