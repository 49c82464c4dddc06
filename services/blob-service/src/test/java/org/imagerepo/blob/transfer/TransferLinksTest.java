package org.imagerepo.blob.transfer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-hop transfers (ADR 16) at blob-service: transfers prepared for the gateway, and the bytes moved with the
 * capability it signs, with no identity header; every way a capability is misused is refused.
 */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(StubCatalog.class)
@QuarkusTestResource(StubAccounting.class)
class TransferLinksTest {

    private static final String OWNER = "alice";

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

    /** What blob-service prepares for the gateway, as {@code user}. */
    private static Response prepare(String user, Map<String, Object> request) {
        return given().header(TestIdentities.HEADER, TestIdentities.user(user)).contentType("application/json")
                .body(request).post("/internal/v1/transfers");
    }

    /** Prepared and signed as the gateway does, valid for a minute. */
    private static String link(String user, Map<String, Object> request) {
        TransferCapability prepared = prepare(user, request).then().statusCode(201).extract().as(TransferCapability.class);
        return TestIdentities.capability(prepared.expiringAt(Instant.now().plusSeconds(60)));
    }

    private static String uploadLink(String id, long size) {
        return link(OWNER, Map.of("operation", "upload", "imageId", id, "size", size));
    }

    private static Response put(String id, String capability, byte[] content) {
        return given().queryParam(TransferCapability.QUERY_PARAMETER, capability).contentType("application/octet-stream")
                .body(content).put("/transfers/images/{id}/file", id);
    }

    private static String uploaded(byte[] content) {
        String id = pendingImage();
        Map<String, Object> result = put(id, uploadLink(id, content.length), content).then().statusCode(201)
                .extract().jsonPath().getMap("$");
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "available", (String) result.get("imgURI"),
                ((Number) result.get("size")).longValue(), (String) result.get("sha256")));
        return id;
    }

    @Test
    void anUploadPreparedHoldsQuotaAndItsLinkStoresTheBytesWithoutAnIdentity() {
        String id = pendingImage();
        TransferCapability prepared = prepare(OWNER, Map.of("operation", "upload", "imageId", id, "size", 1000))
                .then().statusCode(201).extract().as(TransferCapability.class);
        assertEquals(TransferCapability.Operation.UPLOAD, prepared.operation());
        assertEquals(OWNER, prepared.username());
        assertNotNull(prepared.reservationId());
        assertEquals(1000, StubAccounting.RESERVATIONS.get(prepared.reservationId()).bytes);
        String capability = TestIdentities.capability(prepared.expiringAt(Instant.now().plusSeconds(60)));
        put(id, capability, bytes(1000)).then().statusCode(201).body("size", org.hamcrest.Matchers.equalTo(1000));
        assertTrue(StubAccounting.RESERVATIONS.get(prepared.reservationId()).claimed);
        assertFalse(StubAccounting.RESERVATIONS.get(prepared.reservationId()).released, "kept for accounting to settle");
    }

    @Test
    void anUploadLinkUploadsOnce() {
        String id = pendingImage();
        String capability = uploadLink(id, 10);
        put(id, capability, bytes(10)).then().statusCode(201);
        put(id, capability, bytes(10)).then().statusCode(409).contentType("application/problem+json")
                .body("type", containsString("capability-used")).body("detail", containsString("used already"));
    }

    @Test
    void aLinkIsForItsImageAndItsOperationOnly() {
        String id = pendingImage();
        String other = pendingImage();
        String upload = uploadLink(id, 10);
        put(other, upload, bytes(10)).then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("another image"));
        given().queryParam(TransferCapability.QUERY_PARAMETER, upload).get("/api/v1/images/{id}/file", id)
                .then().statusCode(403).body("detail", containsString("not for downloading"));

        String available = uploaded(bytes(64));
        String download = link(OWNER, Map.of("operation", "download", "imageId", available));
        put(available, download, bytes(10)).then().statusCode(403).body("detail", containsString("not for uploading"));
        given().queryParam(TransferCapability.QUERY_PARAMETER, download).get("/api/v1/images/{id}/file", id)
                .then().statusCode(403).body("detail", containsString("another image"));
        // The refused attempts took nothing: the upload link still uploads its own image.
        put(id, upload, bytes(10)).then().statusCode(201);
    }

    @Test
    void anExpiredLinkIsRefused() {
        String id = pendingImage();
        TransferCapability prepared = prepare(OWNER, Map.of("operation", "upload", "imageId", id, "size", 10))
                .then().statusCode(201).extract().as(TransferCapability.class);
        // Past the verifier's 30 s allowance for clock skew.
        String expired = TestIdentities.capability(prepared.expiringAt(Instant.now().minusSeconds(120)));
        put(id, expired, bytes(10)).then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("expired"));
        assertFalse(StubAccounting.RESERVATIONS.get(prepared.reservationId()).claimed);
    }

    @Test
    void aLinkNotSignedByThisRepositorysGatewayIsRefused() throws Exception {
        String id = pendingImage();
        TransferCapability prepared = prepare(OWNER, Map.of("operation", "upload", "imageId", id, "size", 10))
                .then().statusCode(201).extract().as(TransferCapability.class);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String forged = TransferCapabilities.sign(prepared.expiringAt(Instant.now().plusSeconds(60)),
                generator.generateKeyPair().getPrivate());
        put(id, forged, bytes(10)).then().statusCode(401).body("detail", containsString("not issued by this repository"));
        // Nor does an identity assertion pass for a capability.
        put(id, TestIdentities.user(OWNER), bytes(10)).then().statusCode(401);
        assertFalse(StubAccounting.RESERVATIONS.get(prepared.reservationId()).claimed);
    }

    @Test
    void anUploadOfAnotherSizeThanItsLinkSaysIsRefused() {
        String id = pendingImage();
        put(id, uploadLink(id, 10), bytes(11)).then().statusCode(400).body("type", containsString("size-mismatch"));
    }

    @Test
    void aDownloadLinkServesTheBytesWholeAndByRangeAndCountsTheAccess() {
        byte[] content = bytes(100_000);
        String id = uploaded(content);
        String capability = link(OWNER, Map.of("operation", "download", "imageId", id));
        Response whole = given().queryParam(TransferCapability.QUERY_PARAMETER, capability).get("/api/v1/images/{id}/file", id);
        assertEquals(200, whole.statusCode());
        assertArrayEquals(content, whole.asByteArray());
        Response part = given().queryParam(TransferCapability.QUERY_PARAMETER, capability).header("Range", "bytes=10-19")
                .get("/api/v1/images/{id}/file", id);
        assertEquals(206, part.statusCode());
        assertArrayEquals(Arrays.copyOfRange(content, 10, 20), part.asByteArray());
        given().queryParam(TransferCapability.QUERY_PARAMETER, capability).head("/api/v1/images/{id}/file", id)
                .then().statusCode(200).header("Content-Length", "100000");
        // Where the gateway's links point: blob-service's own path, for an Ingress to route to it.
        Response linked = given().queryParam(TransferCapability.QUERY_PARAMETER, capability).get("/transfers/images/{id}/file", id);
        assertEquals(200, linked.statusCode());
        assertArrayEquals(content, linked.asByteArray());
    }

    @Test
    void aDownloadByLocationHasALinkToo() {
        byte[] content = bytes(4096);
        String id = uploaded(content);
        String uri = StubCatalog.IMAGES.get(id).imgURI();
        String capability = link(OWNER, Map.of("operation", "download", "location", uri));
        Response byUri = given().queryParam(TransferCapability.QUERY_PARAMETER, capability).get("/transfers/files");
        assertEquals(200, byUri.statusCode());
        assertArrayEquals(content, byUri.asByteArray());
    }

    @Test
    void whatTheCallerMayNotDoIsRefusedWhenTheTransferIsPrepared() {
        String id = uploaded(bytes(10));
        // Not visible to mallory: answered as if it did not exist.
        prepare("mallory", Map.of("operation", "download", "imageId", id)).then().statusCode(404)
                .contentType("application/problem+json");
        // Not the owner; and bytes exist already.
        String alices = pendingImage();
        StubCatalog.PUBLIC.put(alices, true);
        prepare("mallory", Map.of("operation", "upload", "imageId", alices, "size", 1)).then().statusCode(403)
                .body("detail", containsString("owner"));
        prepare(OWNER, Map.of("operation", "upload", "imageId", id, "size", 1)).then().statusCode(409);
        prepare(OWNER, Map.of("operation", "teleport", "imageId", id)).then().statusCode(400)
                .body("detail", containsString("upload or download"));
        // Over quota: 413 before any byte is sent, with accounting's numbers (the client tells them).
        String big = pendingImage();
        StubAccounting.QUOTA.put("quinn", 100L);
        StubCatalog.IMAGES.put(big, new CatalogImage(big, "disk.img", "quinn", "pending", null, null, null));
        prepare("quinn", Map.of("operation", "upload", "imageId", big, "size", 101)).then().statusCode(413)
                .body("type", containsString("quota-exceeded"))
                .body("quota", equalTo(100)).body("requestedBytes", equalTo(101));
        // Without the gateway's identity, nothing is prepared.
        given().contentType("application/json").body(Map.of("operation", "upload", "imageId", big))
                .post("/internal/v1/transfers").then().statusCode(401);
    }
}
