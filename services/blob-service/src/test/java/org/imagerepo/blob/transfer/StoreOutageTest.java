package org.imagerepo.blob.transfer;

import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.storage.PatternStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * blob-service uploading to S3 (S3Proxy behind an outage relay) while the S3 server goes away: the client
 * gets a 503 problem saying which store failed, and the same requests work once the server is back.
 */
@NeedsServers
@QuarkusTest
@WithTestResource(S3OutageRelay.class)
class StoreOutageTest {

    private static final String OWNER = "olivia";

    @TestHTTPResource
    URL base;

    @AfterEach
    void serverBack() {
        S3OutageRelay.proxy().restore();
    }

    private static String pendingImage() {
        String id = UUID.randomUUID().toString();
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "pending", null, null, null));
        return id;
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    @Test
    void anUploadCutOffByAStoreOutageIsAnswered503AndWorksOnceTheStoreIsBack() throws Exception {
        String id = pendingImage();
        long size = 48L << 20;
        String answer = uploadRaw(id, new PatternStream(size).onReaching(16L << 20, () -> S3OutageRelay.proxy().cut()), size);
        assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        assertTrue(answer.contains("The 's3' image store is unavailable"), answer);
        assertTrue(answer.contains("nothing was kept"), answer);
        assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);

        S3OutageRelay.proxy().restore();
        byte[] content = bytes(3 << 20);
        // The S3 client may need a moment to reconnect after the outage.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().header(TestIdentities.HEADER, TestIdentities.user(OWNER))
                .contentType("application/octet-stream").body(content).put("/api/v1/images/{id}/file", id)
                .statusCode() == 201);
    }

    @Test
    void aDownloadWhileTheStoreIsDownIsAnswered503AndWorksOnceItIsBack() throws Exception {
        String id = pendingImage();
        byte[] content = bytes(2 << 20);
        Map<String, Object> upload = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).contentType("application/octet-stream")
                .body(content).put("/api/v1/images/{id}/file", id).then().statusCode(201).extract().jsonPath().getMap("$");
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "available", (String) upload.get("imgURI"),
                (long) content.length, (String) upload.get("sha256")));

        S3OutageRelay.proxy().cut();
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file", id)
                .then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("The 's3' image store is unavailable"))
                .body("detail", containsString("Try again later"));
        given().get("/q/health/ready").then().statusCode(503).body("checks.find { it.name == 'image-stores' }.data.s3", containsString("down"));

        S3OutageRelay.proxy().restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        Response response = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file", id);
        assertArrayEquals(content, response.asByteArray());
        assertTrue(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content))
                .equals(upload.get("sha256")));
    }

    /**
     * Sends an upload over a plain socket from a second thread and returns the raw answer: the server
     * answers and closes the connection before the client has sent everything, which HTTP clients report
     * as a broken pipe rather than the answer. The answer is read by its Content-Length, so that an
     * unexpected success on a kept-alive connection fails the assertions instead of timing out.
     */
    private String uploadRaw(String id, PatternStream body, long size) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            Thread sender = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(("PUT /api/v1/images/" + id + "/file HTTP/1.1\r\nHost: localhost\r\n" + TestIdentities.HEADER + ": " + TestIdentities.user(OWNER)
                            + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + size + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    body.transferTo(out);
                } catch (IOException e) {
                    // the server closed the connection after answering
                }
            });
            sender.start();
            String answer = readAnswer(socket.getInputStream());
            sender.join(60_000);
            return answer;
        }
    }

    /** One HTTP answer, head and body, read by its Content-Length. */
    private static String readAnswer(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before an answer: " + head);
            }
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        int size = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(size), StandardCharsets.ISO_8859_1);
    }
}
