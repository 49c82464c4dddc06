package org.imagerepo.gateway.routing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.imagerepo.support.identity.PemKeys;
import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADR 16's direct data path at the gateway: transfers are answered with a link to blob-service carrying a
 * capability the gateway signed for what blob-service prepared, and no image byte passes through.
 */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(value = EchoUpstreams.class, restrictToAnnotatedClass = true)
class DirectDataPathTest {

    private static final TransferCapabilities.Verifier BLOB_VERIFIES =
            TransferCapabilities.verifier(PemKeys.publicKey(TestIdentities.PUBLIC_KEY));

    @TestHTTPResource
    URL base;

    private static RequestSpecification alice() {
        return given().redirects().follow(false).auth().oauth2(EchoUpstreams.issuer.token("alice", false, "hadoop-lab"));
    }

    /** The capability a link carries, as blob-service checks it. */
    private static TransferCapability capabilityOf(String link) {
        String query = URI.create(link).getRawQuery();
        assertTrue(query.startsWith(TransferCapability.QUERY_PARAMETER + "="), link);
        return BLOB_VERIFIES.verify(URLDecoder.decode(query.substring(query.indexOf('=') + 1), StandardCharsets.UTF_8));
    }

    @Test
    void aDownloadIsRedirectedToBlobServiceWithASignedShortLivedCapability() {
        Response redirect = alice().get("/api/v1/images/abc/file");
        assertEquals(307, redirect.statusCode());
        assertEquals("no-store", redirect.header("Cache-Control"));
        String location = redirect.header("Location");
        assertTrue(location.startsWith("http://127.0.0.1:"), location);
        assertTrue(location.contains("/transfers/images/abc/file?capability="), location);
        TransferCapability capability = capabilityOf(location);
        assertEquals(TransferCapability.Operation.DOWNLOAD, capability.operation());
        assertEquals("abc", capability.imageId());
        assertEquals("alice", capability.username());
        assertEquals("fs:///ab/abc", capability.location());
        assertTrue(capability.expiresAt().isBefore(Instant.now().plus(Duration.ofMinutes(5)).plusSeconds(5)),
                "short-lived: " + capability.expiresAt());
        // HEAD too, and by location.
        assertEquals(307, alice().head("/api/v1/images/abc/file").statusCode());
        String byUri = alice().queryParam("uri", "s3://bucket/abc").get("/api/v1/files").then().statusCode(307)
                .extract().header("Location");
        assertTrue(byUri.contains("/transfers/files?capability="), byUri);
        assertEquals("s3://bucket/abc", capabilityOf(byUri).location());
        // A store asked for goes to blob-service to resolve.
        alice().queryParam("store", "s3").get("/api/v1/images/abc/file").then().statusCode(307);
        assertTrue(EchoUpstreams.PREPARED.stream().anyMatch(p -> p.contains("\"store\":\"s3\"")), EchoUpstreams.PREPARED.toString());
    }

    @Test
    void anUploadIsCreatedThenItsBytesGoToBlobService() {
        Response created = alice().contentType("application/json").body("{\"size\": 1000}").post("/api/v1/images/abc/uploads");
        assertEquals(201, created.statusCode(), created.asString());
        String url = created.jsonPath().getString("uploadUrl");
        assertEquals(url, created.header("Location"));
        assertEquals("PUT", created.jsonPath().getString("method"));
        assertEquals(1000, created.jsonPath().getLong("size"));
        TransferCapability capability = capabilityOf(url);
        assertEquals(TransferCapability.Operation.UPLOAD, capability.operation());
        assertEquals("reservation-of-abc", capability.reservationId());
        assertEquals(1000, capability.size());
        assertEquals(Instant.parse(created.jsonPath().getString("expiresAt")).getEpochSecond(),
                capability.expiresAt().getEpochSecond());
        // No size: a body of unknown length.
        assertEquals(-1, capabilityOf(alice().post("/api/v1/images/abc/uploads").then().statusCode(201)
                .extract().path("uploadUrl")).size());
    }

    @Test
    void aPlainPutIsRedirectedBeforeItsBodyIsRead() throws Exception {
        String token = EchoUpstreams.issuer.token("alice", false, "hadoop-lab");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/images/abc/file HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: 1073741824\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 307", head, "the answer comes before any byte of the body is sent, not a 100");
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(rest.contains("capability="), rest);
            assertTrue(rest.toLowerCase().contains("connection: close"), rest);
        }
        String upload = EchoUpstreams.PREPARED.stream().filter(p -> p.contains("\"size\":1073741824")).findFirst().orElseThrow();
        assertTrue(upload.contains("\"operation\":\"upload\""), upload);
    }

    @Test
    void aRedirectOrRefusalOfABodySentWithoutWaitingReachesTheClientEveryTime() throws Exception {
        // The client sends its whole body at once (no Expect): the gateway answers early and must not close
        // under it, or the kernel's reset can destroy the answer. Repeated to catch the race.
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        String token = EchoUpstreams.issuer.token("alice", false, "hadoop-lab");
        byte[] body = new byte[8 << 20];
        for (int i = 0; i < 20; i++) {
            for (String image : new String[]{"abc", "full"}) {
                java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                                base.toURI().resolve("/api/v1/images/" + image + "/file"))
                        .header("Authorization", "Bearer " + token)
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals("abc".equals(image) ? 307 : 413, answer.statusCode(), "attempt " + i + ": " + answer.body());
                if ("full".equals(image)) {
                    assertTrue(answer.body().contains("quota"), answer.body());
                }
            }
        }
    }

    @Test
    void whatBlobServiceRefusesIsAnsweredAsItSaidWithoutALink() {
        alice().get("/api/v1/images/gone/file").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("No image with id 'gone'"));
        alice().contentType("application/json").body("{\"size\": 11}").post("/api/v1/images/full/uploads")
                .then().statusCode(413).contentType("application/problem+json").body("quota", equalTo(10));
        alice().contentType("application/json").body("{\"size\": -3}").post("/api/v1/images/abc/uploads")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("whole number"));
        alice().contentType("application/json").body("not json").post("/api/v1/images/abc/uploads")
                .then().statusCode(400).body("detail", containsString("not JSON"));
        // Without a token, nothing is prepared and no link made.
        given().redirects().follow(false).get("/api/v1/images/abc/file").then().statusCode(401);
        given().post("/api/v1/images/abc/uploads").then().statusCode(401);
    }

    @Test
    void aLinkToTheGatewayItselfIsProxied() {
        // An upload link made in proxy mode, still in a client's hands when the gateway changed mode.
        String capability = TestIdentities.capability(TransferCapability.upload("abc", "alice", java.util.Set.of(),
                org.imagerepo.support.identity.Role.USER, "r", 3, Instant.now().plusSeconds(60)));
        alice().queryParam(TransferCapability.QUERY_PARAMETER, capability).contentType("application/octet-stream")
                .body(new byte[3]).put("/api/v1/images/abc/file").then().statusCode(200)
                .body("service", equalTo("blob")).body("bytes", equalTo(3));
    }
}
