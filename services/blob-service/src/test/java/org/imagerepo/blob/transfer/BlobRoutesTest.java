package org.imagerepo.blob.transfer;

import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.TestServers;
import org.imagerepo.testsupport.TopicWatcher;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** blob-service over HTTP, with a real Kafka broker and a real filesystem store. */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(StubCatalog.class)
class BlobRoutesTest {

    private static final String OWNER = "alice";

    @Inject
    BlobStores stores;

    @TestHTTPResource
    URL base;

    private BlobStore store() {
        return stores.uploadStore();
    }

    private static String pendingImage() {
        String id = UUID.randomUUID().toString();
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "pending", null, null, null));
        return id;
    }

    private static void markAvailable(String id, Map<String, Object> upload) {
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "available", (String) upload.get("imgURI"),
                ((Number) upload.get("size")).longValue(), (String) upload.get("sha256")));
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static <T extends RepositoryEvent> T event(ConsumerRecord<String, String> record, Class<T> type) {
        return type.cast(EventCodec.decode(record.value()).orElseThrow());
    }

    private Map<String, Object> upload(String id, byte[] content) {
        return given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).contentType("application/octet-stream").body(content)
                .put("/api/v1/images/{id}/file", id)
                .then().statusCode(201).extract().jsonPath().getMap("$");
    }

    @Test
    void anUploadIsStoredWithItsChecksumsAndAnnouncedBeforeTheAnswer() throws Exception {
        byte[] content = bytes(5 * 1024 * 1024 + 3);
        String id = pendingImage();
        try (TopicWatcher blobs = new TopicWatcher(Topics.BLOBS)) {
            Map<String, Object> result = upload(id, content);
            assertEquals(sha256(content), result.get("sha256"));
            assertEquals(content.length, ((Number) result.get("size")).intValue());
            BlobStored stored = event(blobs.await(r -> r.key().equals(id), Duration.ofSeconds(10)), BlobStored.class);
            assertEquals(sha256(content), stored.sha256());
            assertEquals(32, stored.md5().length());
            assertEquals(result.get("imgURI"), stored.location());
        }
    }

    @Test
    void anImageCanBeFetchedByItsUriUnderTheSameVisibility() throws Exception {
        byte[] content = bytes(4096);
        String id = pendingImage();
        Map<String, Object> upload = upload(id, content);
        markAvailable(id, upload);
        String uri = (String) upload.get("imgURI");
        Response byUri = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).queryParam("uri", uri)
                .get("/api/v1/files");
        assertEquals(200, byUri.statusCode());
        assertArrayEquals(content, byUri.asByteArray());
        given().header(TestIdentities.HEADER, TestIdentities.user("mallory")).queryParam("uri", uri).get("/api/v1/files")
                .then().statusCode(404).contentType("application/problem+json");
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/files")
                .then().statusCode(400).body("detail", containsString("?uri="));
        given().queryParam("uri", uri).get("/api/v1/files").then().statusCode(401);
    }

    @Test
    void aDownloadReturnsTheSameBytesAndCountsAsAnAccess() throws Exception {
        byte[] content = bytes(3 * 1024 * 1024);
        String id = pendingImage();
        markAvailable(id, upload(id, content));
        try (TopicWatcher access = new TopicWatcher(Topics.ACCESS)) {
            Response response = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file", id);
            assertEquals(200, response.statusCode());
            assertArrayEquals(content, response.asByteArray());
            assertEquals("\"" + sha256(content) + "\"", response.header("ETag"));
            assertEquals("bytes", response.header("Accept-Ranges"));
            ImageAccessed accessed = event(access.await(r -> r.key().equals(id), Duration.ofSeconds(10)), ImageAccessed.class);
            assertEquals(content.length, accessed.bytes());
            assertTrue(accessed.wholeImage());
            assertEquals(OWNER, accessed.actor());
        }
    }

    @Test
    void rangeRequestsAnswer206WithExactlyThoseBytes() throws Exception {
        byte[] content = bytes(100_000);
        String id = pendingImage();
        markAvailable(id, upload(id, content));
        Response middle = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).header("Range", "bytes=10-19")
                .get("/api/v1/images/{id}/file", id);
        assertEquals(206, middle.statusCode());
        assertEquals("bytes 10-19/100000", middle.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(content, 10, 20), middle.asByteArray());
        Response suffix = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).header("Range", "bytes=-5")
                .get("/api/v1/images/{id}/file", id);
        assertEquals(206, suffix.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 99_995, 100_000), suffix.asByteArray());
        Response open = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).header("Range", "bytes=99990-")
                .get("/api/v1/images/{id}/file", id);
        assertArrayEquals(Arrays.copyOfRange(content, 99_990, 100_000), open.asByteArray());
    }

    @Test
    void aRangeBeyondTheEndAnswers416() {
        String id = pendingImage();
        markAvailable(id, upload(id, bytes(1000)));
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).header("Range", "bytes=1000-2000")
                .get("/api/v1/images/{id}/file", id)
                .then().statusCode(416).header("Content-Range", "bytes */1000")
                .contentType("application/problem+json").body("detail", containsString("1000 bytes"));
    }

    @Test
    void onlyTheOwnerUploadsAndOnlyOnce() {
        String id = pendingImage();
        StubCatalog.PUBLIC.put(id, true);
        given().header(TestIdentities.HEADER, TestIdentities.user("mallory")).body(bytes(10)).put("/api/v1/images/{id}/file", id)
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("owner"));
        markAvailable(id, upload(id, bytes(10)));
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).body(bytes(10)).put("/api/v1/images/{id}/file", id)
                .then().statusCode(409).body("detail", containsString("already has its bytes"));
    }

    @Test
    void unknownImagesAndMissingUsersGetProblems() {
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file", "no-such-id")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("no-such-id"));
        given().get("/api/v1/images/{id}/file", "whatever")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("through the gateway"));
        given().header(TestIdentities.HEADER, TestIdentities.withStatus(OWNER, org.imagerepo.support.identity.UserStatus.DEACTIVATED))
                .get("/api/v1/images/{id}/file", "whatever")
                .then().statusCode(403).contentType("application/problem+json").body("detail", containsString("deactivated"));
    }

    @Test
    void anImageWithoutBytesCannotBeDownloaded() {
        String id = pendingImage();
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file", id)
                .then().statusCode(409).body("detail", containsString("not been uploaded yet"));
    }

    @Test
    void anUploadCutOffMidwayLeavesNothingAndIsAnnouncedAsFailed() throws Exception {
        String id = pendingImage();
        try (TopicWatcher blobs = new TopicWatcher(Topics.BLOBS)) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /api/v1/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n" + TestIdentities.HEADER + ": " + TestIdentities.user(OWNER)
                        + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 50000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes(2_000_000));
                out.flush();
            } // the client goes away with 48 MB unsent
            BlobFailed failed = event(blobs.await(r -> r.key().equals(id), Duration.ofSeconds(20)), BlobFailed.class);
            assertEquals(id, failed.imageId());
        }
        assertTrue(store().stat(store().locationOf(id)).isEmpty());
        Path incoming = Path.of("target/test-data/images/incoming");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (var files = Files.list(incoming)) {
                return files.findAny().isEmpty();
            }
        });
    }

    @Test
    void aRefusedLargeUploadIsAnsweredAndItsConnectionClosedWithoutReadingTheRest() throws Exception {
        String id = pendingImage();
        StubCatalog.PUBLIC.put(id, true);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n" + TestIdentities.HEADER + ": " + TestIdentities.user("mallory")
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 2000000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // No body is sent: writing into a connection the server has already answered and closed breaks the
            // pipe. Read to the end: this only returns because the server closes the connection after its answer.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
            assertTrue(answer.contains("Only the owner"), answer);
        }
    }

    @Test
    void aDeletedImageLosesItsBytes() throws Exception {
        String id = pendingImage();
        Map<String, Object> result = upload(id, bytes(1234));
        String location = (String) result.get("imgURI");
        assertTrue(store().stat(location).isPresent());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestServers.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()))) {
            String deleted = EventCodec.encode(ImageDeleted.of(OWNER, id, OWNER, List.of(location), 1234));
            producer.send(new ProducerRecord<>(Topics.IMAGES, id, deleted)).get();
            producer.send(new ProducerRecord<>(Topics.IMAGES, id, deleted)).get(); // a redelivery changes nothing
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> store().stat(location).isEmpty());
        assertFalse(store().stat(location).isPresent());
    }

    @Test
    void headAnswersTheHeadersOnly() {
        String id = pendingImage();
        markAvailable(id, upload(id, bytes(777)));
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).head("/api/v1/images/{id}/file", id)
                .then().statusCode(200).header("Content-Length", equalTo("777"));
    }
}
