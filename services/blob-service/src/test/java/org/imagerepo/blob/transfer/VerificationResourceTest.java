package org.imagerepo.blob.transfer;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import org.imagerepo.testsupport.TopicWatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code POST /api/v1/images/{id}/verification}: blob-service with S3 (S3Proxy behind an outage relay)
 * receiving uploads and the filesystem holding a second copy; each copy is read back and compared with
 * the catalog's size and SHA-256, after the tests damage, delete or cut off the copies behind the
 * service's back.
 */
@NeedsServers
@QuarkusTest
@WithTestResource(S3OutageRelay.class)
class VerificationResourceTest {

    private static final String OWNER = "vera";
    /** More than the service's 1 MiB buffer and not a multiple of it: a checksum of one buffer, or of whole buffers, differs. */
    private static final int SIZE = (3 << 20) + 5;

    @Inject
    BlobStores stores;

    @ConfigProperty(name = "imagerepo.blob.fs.root")
    String fsRoot;

    @AfterEach
    void serverBack() {
        S3OutageRelay.proxy().restore();
        // The S3 client may need a moment to reconnect; the next test must find the store up.
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** An image uploaded (to S3), copied into fs, and listed by the catalog as available at both. */
    private static CatalogImage inBothStores(byte[] content) {
        String id = UUID.randomUUID().toString();
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "pending", null, null, null));
        Map<String, Object> upload = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER))
                .contentType("application/octet-stream").body(content).put("/api/v1/images/{id}/file", id)
                .then().statusCode(201).extract().jsonPath().getMap("$");
        String s3 = (String) upload.get("imgURI");
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "available", s3, (long) content.length,
                (String) upload.get("sha256")));
        String fs = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).contentType("application/json")
                .body("{\"store\":\"fs\"}").post("/api/v1/images/{id}/locations", id)
                .then().statusCode(201).extract().path("location");
        CatalogImage image = new CatalogImage(id, "disk.img", OWNER, "available", s3, (long) content.length,
                (String) upload.get("sha256"), List.of(s3, fs));
        StubCatalog.IMAGES.put(id, image);
        return image;
    }

    private static Response verify(String id, String identity) {
        return given().header(TestIdentities.HEADER, identity).post("/api/v1/images/{id}/verification", id);
    }

    /** The verification of an image by its owner, as JSON. */
    private static JsonPath verified(CatalogImage image) {
        return verify(image.imgId(), TestIdentities.user(OWNER)).then().statusCode(200).contentType("application/json")
                .body("imgId", equalTo(image.imgId())).body("size", equalTo(image.size().intValue()))
                .body("sha256", equalTo(image.sha256())).extract().jsonPath();
    }

    /** The file the fs store keeps a location in (fs:///<shard>/<key> under <root>/objects). */
    private Path fileOf(String fsLocation) {
        return Path.of(fsRoot, "objects").resolve(fsLocation.substring("fs:///".length()));
    }

    @Test
    void everyIntactCopyVerifiesOkWithoutCountingAsAnAccessOrTakingQuota() throws Exception {
        byte[] content = bytes(SIZE);
        CatalogImage image = inBothStores(content);
        try (TopicWatcher access = new TopicWatcher(Topics.ACCESS)) {
            JsonPath result = verified(image);
            assertTrue(result.getBoolean("ok"));
            assertEquals(2, result.getList("locations").size());
            for (int i = 0; i < 2; i++) {
                String copy = "locations[" + i + "].";
                assertEquals(image.locations().get(i), result.getString(copy + "location"));
                assertEquals(List.of("s3", "fs").get(i), result.getString(copy + "store"));
                assertEquals("ok", result.getString(copy + "status"));
                assertEquals(SIZE, result.getLong(copy + "size"));
                assertEquals(sha256(content), result.getString(copy + "sha256"));
                assertNull(result.get(copy + "message"));
                // The null is written out, not left away: clients read it as "nothing to say".
                assertTrue(result.getMap("locations[" + i + "]").containsKey("message"));
            }

            // A ranged download is an access; had the verification published one (a whole read), it would
            // be the first record of this image's key on the topic (one key, one partition, in order).
            given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).header("Range", "bytes=0-9")
                    .get("/api/v1/images/{id}/file", image.imgId()).then().statusCode(206);
            ImageAccessed first = (ImageAccessed) EventCodec.decode(access.await(r -> r.key().equals(image.imgId()),
                    Duration.ofSeconds(10)).value()).orElseThrow();
            assertFalse(first.wholeImage());
            assertEquals(10, first.bytes());
        }
        // The upload reserved quota; neither the copy nor the verification took any.
        assertEquals(1, StubAccounting.reservationsOf(image.imgId()).size());
    }

    @Test
    void aCopyWhoseBytesWereAlteredIsAMismatchReportingWhatWasMeasured() throws Exception {
        byte[] content = bytes(SIZE);
        CatalogImage image = inBothStores(content);
        String fs = image.locations().get(1);

        // One byte in the last, partial buffer: only a checksum over every byte read notices it.
        byte[] altered = content.clone();
        altered[SIZE - 2] ^= 0x01;
        Files.write(fileOf(fs), altered);
        JsonPath result = verified(image);
        assertFalse(result.getBoolean("ok"));
        assertEquals("ok", result.getString("locations[0].status"));
        assertEquals("mismatch", result.getString("locations[1].status"));
        assertEquals(fs, result.getString("locations[1].location"));
        assertEquals(SIZE, result.getLong("locations[1].size"));
        assertEquals(sha256(altered), result.getString("locations[1].sha256"));
        String message = result.getString("locations[1].message");
        assertTrue(message.contains("same size, different bytes"), message);
        // What the owner can do: replace the damaged copy from the intact one.
        assertTrue(message.contains("The copy at " + image.locations().get(0) + " is intact"), message);
        assertTrue(message.contains("locations?uri=" + fs), message);

        // A truncated copy: the measured size says so.
        byte[] shorter = new byte[SIZE - 1];
        System.arraycopy(content, 0, shorter, 0, shorter.length);
        Files.write(fileOf(fs), shorter);
        result = verified(image);
        assertFalse(result.getBoolean("ok"));
        assertEquals("mismatch", result.getString("locations[1].status"));
        assertEquals(SIZE - 1, result.getLong("locations[1].size"));
        assertEquals(sha256(shorter), result.getString("locations[1].sha256"));
        assertTrue(result.getString("locations[1].message").contains("has " + (SIZE - 1) + " bytes"));
    }

    @Test
    void aCopyDeletedFromItsStoreIsMissing() {
        CatalogImage image = inBothStores(bytes(SIZE));
        String s3 = image.locations().get(0);
        String fs = image.locations().get(1);

        // Behind the service's back: straight from the store, no event, the catalog still lists it.
        assertTrue(stores.forLocation(s3).orElseThrow().delete(s3));
        verify(image.imgId(), TestIdentities.user(OWNER)).then().statusCode(200)
                .body("ok", equalTo(false))
                .body("locations[0].status", equalTo("missing")).body("locations[0].store", equalTo("s3"))
                .body("locations[0].size", nullValue()).body("locations[0].sha256", nullValue())
                .body("locations[0].message", containsString("has nothing at " + s3))
                .body("locations[0].message", containsString("The copy at " + fs + " is intact"))
                .body("locations[1].status", equalTo("ok"));

        // With no copy left, the advice is the administrator.
        assertTrue(stores.forLocation(fs).orElseThrow().delete(fs));
        verify(image.imgId(), TestIdentities.user(OWNER)).then().statusCode(200)
                .body("ok", equalTo(false))
                .body("locations.status", equalTo(List.of("missing", "missing")))
                .body("locations[1].message", containsString("No copy of image " + image.imgId() + " is intact"));
    }

    @Test
    void aStoreThatCannotBeReachedOrIsNotConfiguredHereIsUnavailable() {
        CatalogImage both = inBothStores(bytes(SIZE));
        String swift = "swift:///images/" + both.imgId();
        CatalogImage image = new CatalogImage(both.imgId(), "disk.img", OWNER, "available", both.imgURI(), both.size(),
                both.sha256(), List.of(both.locations().get(0), both.locations().get(1), swift));
        StubCatalog.IMAGES.put(image.imgId(), image);

        S3OutageRelay.proxy().cut();
        verify(image.imgId(), TestIdentities.user(OWNER)).then().statusCode(200)
                .body("ok", equalTo(false))
                .body("locations.status", equalTo(List.of("unavailable", "ok", "unavailable")))
                .body("locations[0].size", nullValue()).body("locations[0].sha256", nullValue())
                .body("locations[0].message", containsString("The 's3' image store is unavailable"))
                .body("locations[0].message", containsString("Verify again later"))
                .body("locations[2].store", equalTo("swift"))
                .body("locations[2].message", containsString("not configured with (its stores are [s3, fs])"));
    }

    @Test
    void anImageWithoutBytesIsA409SayingWhatToDo() {
        String id = UUID.randomUUID().toString();
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "pending", null, null, null));
        verify(id, TestIdentities.user(OWNER)).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://imagerepo.org/problems/no-bytes"))
                .body("detail", containsString("has no stored bytes to verify"))
                .body("detail", containsString("upload the file (PUT /api/v1/images/" + id + "/file), then verify it"));

        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "failed", null, null, null));
        verify(id, TestIdentities.user(OWNER)).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://imagerepo.org/problems/no-bytes"))
                .body("detail", containsString("its upload failed; its owner can upload the file again"));
    }

    @Test
    void onlyTheOwnerOrAnAdminVerifies() {
        CatalogImage image = inBothStores(bytes(4096));
        // Unseen is unknown: the catalog's 404, as for every other path.
        verify(image.imgId(), TestIdentities.user("mallory")).then().statusCode(404).contentType("application/problem+json");
        StubCatalog.PUBLIC.put(image.imgId(), true);
        verify(image.imgId(), TestIdentities.user("mallory")).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://imagerepo.org/problems/forbidden"))
                .body("detail", containsString("Only the owner (" + OWNER + ") or an administrator can verify"));
        verify(image.imgId(), TestIdentities.admin("root")).then().statusCode(200).body("ok", equalTo(true));
        verify(UUID.randomUUID().toString(), TestIdentities.user(OWNER)).then().statusCode(404)
                .contentType("application/problem+json");
        given().post("/api/v1/images/{id}/verification", image.imgId()).then().statusCode(401);
    }
}
