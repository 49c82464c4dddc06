package org.imagerepo.blob.transfer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import org.imagerepo.testsupport.TopicWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quota held by reservations at accounting-service (ADR 10 point 2), against {@link StubAccounting}: a
 * declared size over quota is refused before a byte is read, a chunked body is cut off when its reservation
 * cannot grow, failures release the reservation and a stored upload keeps it. The quota slice is 1 MiB in
 * tests (application.properties).
 */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(StubAccounting.class)
class QuotaTest {

    private static final long MIB = 1 << 20;

    @Inject
    BlobStores stores;

    @TestHTTPResource
    URL base;

    @AfterEach
    void accountingBack() {
        StubAccounting.proxy().restore();
    }

    private BlobStore store() {
        return stores.uploadStore();
    }

    private static String user() {
        return "q" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String pendingImage(String owner) {
        String id = UUID.randomUUID().toString();
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", owner, "pending", null, null, null));
        return id;
    }

    private static byte[] bytes(long size) {
        byte[] bytes = new byte[(int) size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private boolean nothingIncoming() throws IOException {
        try (var files = Files.list(Path.of("target/test-data/images/incoming"))) {
            return files.findAny().isEmpty();
        }
    }

    @Test
    void aDeclaredSizeOverQuotaIsRefusedBeforeAByteIsRead() throws Exception {
        String owner = user();
        StubAccounting.QUOTA.put(owner, 1000L);
        String id = pendingImage(owner);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            // The client waits for "100 Continue" before it sends a byte; it gets the refusal instead.
            out.write(("PUT /api/v1/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n" + TestIdentities.HEADER + ": "
                    + TestIdentities.user(owner) + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 5000000\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Read to the end: this only returns because the server closes the connection after its answer.
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertFalse(answer.contains("100 Continue"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
            // accounting's problem, passed on whole: its type, detail and members.
            assertTrue(answer.contains("\"type\":\"https://imagerepo.org/problems/quota-exceeded\""), answer);
            assertTrue(answer.contains("quota is 1000 bytes"), answer);
            assertTrue(answer.contains("\"quota\":1000"), answer);
            assertTrue(answer.contains("\"requestedBytes\":5000000"), answer);
        }
        assertEquals(List.of(id + " 5000000"), StubAccounting.REFUSED.stream().filter(r -> r.startsWith(id)).toList());
        assertTrue(StubAccounting.reservationsOf(id).isEmpty());
        assertTrue(store().stat(store().locationOf(id)).isEmpty());
        assertTrue(nothingIncoming());
    }

    @Test
    void aChunkedUploadIsCutOffWhenItsReservationCannotGrowAndLeavesNothing() throws Exception {
        String owner = user();
        StubAccounting.QUOTA.put(owner, 2 * MIB + MIB / 2);
        String id = pendingImage(owner);
        try (TopicWatcher blobs = new TopicWatcher(Topics.BLOBS)) {
            String answer = uploadChunked(id, owner, bytes(8 * MIB));
            assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
            assertTrue(answer.contains("\"type\":\"https://imagerepo.org/problems/quota-exceeded\""), answer);
            assertTrue(answer.contains("\"quota\":" + (2 * MIB + MIB / 2)), answer);

            BlobFailed failed = (BlobFailed) EventCodec.decode(blobs.await(r -> r.key().equals(id), Duration.ofSeconds(20))
                    .value()).orElseThrow();
            assertTrue(failed.reason().contains("quota"), failed.reason());
            // Not a byte past the granted reservation reached the store.
            assertTrue(failed.bytesReceived() <= 2 * MIB, "received " + failed.bytesReceived());
        }
        StubAccounting.Held held = StubAccounting.reservationsOf(id).get(0);
        assertEquals(List.of(2 * MIB, 3 * MIB), held.extensions, "a first slice, one granted and one refused extension");
        assertEquals(2 * MIB, held.bytes);
        assertTrue(held.released);
        assertTrue(store().stat(store().locationOf(id)).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(this::nothingIncoming);
    }

    @Test
    void aFailedUploadReleasesItsReservation() throws Exception {
        String owner = user();
        String id = pendingImage(owner);
        try (TopicWatcher blobs = new TopicWatcher(Topics.BLOBS)) {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("PUT /api/v1/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n" + TestIdentities.HEADER + ": "
                        + TestIdentities.user(owner) + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 30000000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(bytes(MIB));
                out.flush();
            } // the client goes away with most of it unsent
            blobs.await(r -> r.key().equals(id), Duration.ofSeconds(20));
        }
        StubAccounting.Held held = StubAccounting.reservationsOf(id).get(0);
        assertEquals(30_000_000L, held.bytes);
        assertEquals(owner, held.owner);
        await().atMost(Duration.ofSeconds(10)).until(() -> held.released);
    }

    @Test
    void aStoredUploadKeepsItsReservationForAccountingToSettle() throws Exception {
        String owner = user();
        String declared = pendingImage(owner);
        given().header(TestIdentities.HEADER, TestIdentities.user(owner)).contentType("application/octet-stream")
                .body(bytes(3000)).put("/api/v1/images/{id}/file", declared).then().statusCode(201);
        List<StubAccounting.Held> held = StubAccounting.reservationsOf(declared);
        assertEquals(1, held.size());
        assertEquals(3000, held.get(0).bytes);
        assertEquals(owner, held.get(0).owner);
        assertFalse(held.get(0).released);

        // A body of unknown length holds whole slices: 2.5 MiB needs three.
        String chunked = pendingImage(owner);
        String answer = uploadChunked(chunked, owner, bytes(2 * MIB + MIB / 2));
        assertTrue(answer.startsWith("HTTP/1.1 201"), answer);
        assertTrue(answer.contains("\"size\":" + (2 * MIB + MIB / 2)), answer);
        StubAccounting.Held slices = StubAccounting.reservationsOf(chunked).get(0);
        assertEquals(3 * MIB, slices.bytes);
        assertFalse(slices.released);
    }

    @Test
    void withAccountingUnreachableAnUploadIsA503AndStoresNothing() throws Exception {
        String owner = user();
        String id = pendingImage(owner);
        StubAccounting.proxy().cut();
        given().header(TestIdentities.HEADER, TestIdentities.user(owner)).contentType("application/octet-stream")
                .body(bytes(5000)).put("/api/v1/images/{id}/file", id)
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("Cannot check quota")).body("detail", containsString("nothing was stored"));
        assertTrue(store().stat(store().locationOf(id)).isEmpty());
        assertTrue(nothingIncoming());

        StubAccounting.proxy().restore();
        // The HTTP client may need a moment to drop the connections the outage reset.
        await().atMost(Duration.ofSeconds(10)).until(() -> given().header(TestIdentities.HEADER, TestIdentities.user(owner))
                .contentType("application/octet-stream").body(bytes(5000)).put("/api/v1/images/{id}/file", id)
                .statusCode() == 201);
    }

    /**
     * Sends a chunked upload over a plain socket from a second thread and returns the raw answer: a refusal
     * may come, and the connection close, before the client has sent everything.
     */
    private String uploadChunked(String id, String owner, byte[] content) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            Thread sender = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("PUT /api/v1/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n" + TestIdentities.HEADER + ": "
                            + TestIdentities.user(owner) + "\r\nContent-Type: application/octet-stream\r\n"
                            + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    int chunk = 64 << 10;
                    for (int offset = 0; offset < content.length; offset += chunk) {
                        int n = Math.min(chunk, content.length - offset);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(content, offset, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server closed the connection after answering
                }
            });
            sender.start();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            sender.join(30_000);
            return answer;
        }
    }
}
