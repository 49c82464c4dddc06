package org.imagerepo.catalog.messaging;

import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobRemoved;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.imagerepo.catalog.CatalogApi.as;
import static org.imagerepo.catalog.CatalogApi.register;

/** The catalog applies blob-service's events from the real broker, each exactly once. */
@NeedsServers
@QuarkusTest
class CatalogEventConsumerTest {

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestServers.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    private void send(RepositoryEvent event) throws Exception {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), EventCodec.encode(event))).get();
    }

    @Test
    void storedBytesMakeTheImageAvailableOnceEvenWhenRedelivered() throws Exception {
        String id = register("carol", Map.of());
        BlobStored stored = BlobStored.of("carol", id, "fs:///ab/" + id, 1234, "a".repeat(64), "b".repeat(32));
        send(stored);
        send(stored);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("carol").get("/api/v1/images/" + id)
                .then().body("imgStatus", equalTo("available")).body("size", equalTo(1234))
                .body("sha256", equalTo("a".repeat(64))).body("imgURI", equalTo("fs:///ab/" + id)));
    }

    @Test
    void aFailedUploadMarksThePendingImageFailedWithTheReason() throws Exception {
        String id = register("carol", Map.of());
        send(BlobFailed.of("carol", id, "the client went away", 10));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("carol").get("/api/v1/images/" + id)
                .then().body("imgStatus", equalTo("failed")).body("statusReason", containsString("went away")));
    }

    @Test
    void aRemovedCopyLeavesTheImageAndTheImgUriMovesToTheCopyThatRemains() throws Exception {
        String id = register("carol", Map.of());
        send(BlobStored.of("carol", id, "fs:///ab/" + id, 5, "e".repeat(64), "f".repeat(32)));
        send(BlobStored.of("carol", id, "s3:///images/" + id, 5, "e".repeat(64), "f".repeat(32)));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("carol").get("/api/v1/images/" + id)
                .then().body("locations", equalTo(List.of("fs:///ab/" + id, "s3:///images/" + id))));
        send(BlobRemoved.of("carol", id, "fs:///ab/" + id));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("carol").get("/api/v1/images/" + id)
                .then().body("locations", equalTo(List.of("s3:///images/" + id))).body("imgURI", equalTo("s3:///images/" + id))
                .body("imgStatus", equalTo("available")));
    }

    @Test
    void everyWholeDownloadCountsOnceAndRangesDoNot() throws Exception {
        String id = register("dave", Map.of());
        send(BlobStored.of("dave", id, "fs:///ab/" + id, 10, "c".repeat(64), "d".repeat(32)));
        Instant latest = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ImageAccessed> accesses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accesses.add(new ImageAccessed(UUID.randomUUID(), latest.minusSeconds(i), "erin", id, 10, true));
        }
        for (ImageAccessed access : accesses) {
            send(access);
        }
        for (ImageAccessed access : accesses.subList(0, 5)) {
            send(access); // redelivered: must not count again
        }
        send(ImageAccessed.of("erin", id, 3, false));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as("dave").get("/api/v1/images/" + id)
                .then().body("accessCount", equalTo(20)).body("lastAccess", equalTo(latest.toString())));
    }
}
