package org.imagerepo.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.e2e.Stack.cli;
import static org.imagerepo.e2e.TestFiles.randomFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator watches, on a stack with traces on (s3+mongo): the domain's metrics after real transfers,
 * one upload's trace from the gateway through blob-service and Kafka to catalog-service, and readiness that
 * follows Kafka and the image store down and back up.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The e2e stack's services by bin/stack component, at their ports (Stack.environment). */
    private static final Map<String, Integer> SERVICES = Map.of("gateway", 18080, "catalog", 18081, "blob", 18082,
            "accounting", 18083, "triggers", 18084);
    private static final long SIZE = 8L * 1024 * 1024 + 3;

    private static OtlpTraceReceiver collector;
    private static String imageId;

    @TempDir
    static Path files;

    @BeforeAll
    static void up() throws IOException {
        collector = new OtlpTraceReceiver();
        Stack.stack("down");
        Stack.stackWith(Map.of(
                "QUARKUS_OTEL_SDK_DISABLED", "false",
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.endpoint(),
                "QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf",
                "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms"), "up", "--config", "s3+mongo").ok();
    }

    @AfterAll
    static void down() {
        Stack.stack("down");
        if (collector != null) {
            collector.close();
        }
    }

    @Test
    @Order(1)
    void theDomainsMetricsCountTransfersAndTheirBytes() throws Exception {
        Path image = randomFile(files, "observed.img", SIZE);
        imageId = cli("alice", "put", image.toString(), "--name", "observed").ok().out().trim();
        cli("alice", "get", imageId, "-o", files.resolve("observed.copy").toString()).ok();

        String blob = await().atMost(Duration.ofSeconds(10)).until(() -> metrics("blob"),
                m -> m.contains("imagerepo_downloads_total{outcome=\"done\",store=\"s3\"} 1.0"));
        assertTrue(blob.contains("imagerepo_uploads_total{outcome=\"done\",store=\"s3\"} 1.0"), excerpt(blob));
        assertTrue(blob.contains("imagerepo_transfer_bytes_total{direction=\"upload\",store=\"s3\"} " + (double) SIZE),
                excerpt(blob));
        assertTrue(blob.contains("imagerepo_transfer_bytes_total{direction=\"download\",store=\"s3\"} " + (double) SIZE),
                excerpt(blob));
        assertTrue(blob.contains("imagerepo_transfers_in_flight{direction=\"upload\"} 0.0"), excerpt(blob));
        assertTrue(blob.contains("imagerepo_upload_seconds_count{store=\"s3\"} 1"), excerpt(blob));
        // Consumer lag, from the Kafka clients' own metrics, where events are consumed.
        assertTrue(metrics("accounting").contains("kafka_consumer_fetch_manager_records_lag_max"),
                "accounting-service exports its consumers' lag");
        System.out.println("[e2e] blob-service /q/metrics after one upload and one download:\n" + excerpt(blob));
    }

    @Test
    @Order(2)
    void oneUploadIsOneTraceFromTheGatewayThroughKafkaToTheCatalog() {
        // The upload's blob-service span is the one whose trace also reached catalog-service as a consumer of
        // imagerepo.blobs: the BlobStored event carried the trace in its traceparent header.
        List<OtlpTraceReceiver.Span> trace = await().atMost(Duration.ofSeconds(30)).until(() -> uploadTrace(),
                Optional::isPresent).orElseThrow();
        Set<String> services = trace.stream().map(OtlpTraceReceiver.Span::service).collect(Collectors.toSet());
        assertTrue(services.containsAll(Set.of("auth-gateway", "blob-service", "catalog-service")), services.toString());
        // The bytes went to blob-service with a capability in the URL (ADR 16): no trace keeps it.
        for (OtlpTraceReceiver.Span span : collector.spans()) {
            span.attributes().forEach((key, value) -> assertFalse(value.matches("(?s).*capability=(?!REDACTED).*"),
                    span.service() + " " + span.name() + " records " + key + "=" + value));
        }
        assertTrue(collector.spans().stream().anyMatch(s -> s.attributes().values().stream()
                .anyMatch(v -> v.contains("capability=REDACTED"))), "the transfer's URL is recorded, redacted");
        System.out.println("[e2e] the trace of one upload (service, kind, name, span <- parent):");
        trace.forEach(s -> System.out.printf("[e2e]   %-16s %d %-40s %s <- %s%n", s.service(), s.kind(), s.name(),
                s.spanId(), s.parentId().isEmpty() ? "(root)" : s.parentId()));
    }

    /**
     * The spans of the trace in which the gateway served the upload (its creation, ADR 16) and catalog-service
     * consumed imagerepo.blobs.
     */
    private static Optional<List<OtlpTraceReceiver.Span>> uploadTrace() {
        Map<String, List<OtlpTraceReceiver.Span>> byTrace = collector.spans().stream()
                .collect(Collectors.groupingBy(OtlpTraceReceiver.Span::traceId));
        return byTrace.values().stream().filter(spans ->
                spans.stream().anyMatch(s -> s.service().equals("auth-gateway") && s.kind() == 2
                        && (s.name().startsWith("POST") || s.name().startsWith("PUT")))
                        && spans.stream().anyMatch(s -> s.service().equals("blob-service") && s.kind() == 4)
                        && spans.stream().anyMatch(s -> s.service().equals("catalog-service") && s.kind() == 5
                        && s.name().contains("imagerepo.blobs"))).findFirst();
    }

    @Test
    @Order(3)
    void readinessFollowsKafkaDownAndBackUp() {
        awaitReady(SERVICES.keySet(), 200);
        Stack.stack("stop", "kafka").ok();
        // Every service that publishes or consumes events; the gateway, which has no Kafka, because the services
        // it needs are not ready (a load balancer then stops sending it uploads that could not be recorded).
        awaitReady(SERVICES.keySet(), 503);
        Stack.stack("up").ok();
        awaitReady(SERVICES.keySet(), 200);
    }

    @Test
    @Order(4)
    void readinessFollowsTheImageStoreDownAndBackUp() {
        awaitReady(Set.of("blob"), 200);
        Stack.stack("stop", "s3proxy").ok();
        awaitReady(Set.of("blob"), 503);
        Stack.stack("up").ok();
        awaitReady(Set.of("blob"), 200);
        // And the repository works again: the image uploaded before the outage comes back whole.
        cli("alice", "get", imageId, "-o", files.resolve("after-outage.copy").toString()).ok();
    }

    private static void awaitReady(Set<String> components, int status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Integer> seen = components.stream().collect(Collectors.toMap(c -> c, ObservabilityIT::ready));
            assertEquals(components.stream().collect(Collectors.toMap(c -> c, c -> status)), seen);
        });
    }

    private static int ready(String component) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVICES.get(component)
                    + "/q/health/ready")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String metrics(String component) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + SERVICES.get(component) + "/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String excerpt(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("imagerepo_")).collect(Collectors.joining("\n"));
    }
}
