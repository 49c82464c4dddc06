package org.imagerepo.blob.transfer;

import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.TestIdentities;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.events.BlobRemoved;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.TestServers;
import org.imagerepo.testsupport.TopicWatcher;
import org.junit.jupiter.api.Test;

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
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Copies between stores (ADR 6): blob-service with S3 (S3Proxy) receiving uploads, and the filesystem;
 * reads from either, removes one copy of several, and deletes from both.
 */
@NeedsServers
@QuarkusTest
@WithTestResource(S3OutageRelay.class)
class CopyRoutesTest {

    private static final String OWNER = "carol";

    @Inject
    BlobStores stores;

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** An image uploaded (to S3, the first store) and listed by the catalog as available there. */
    private static CatalogImage uploaded(byte[] content) {
        String id = UUID.randomUUID().toString();
        StubCatalog.IMAGES.put(id, new CatalogImage(id, "disk.img", OWNER, "pending", null, null, null));
        Map<String, Object> upload = given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).contentType("application/octet-stream")
                .body(content).put("/api/v1/images/{id}/file", id).then().statusCode(201).extract().jsonPath().getMap("$");
        CatalogImage image = new CatalogImage(id, "disk.img", OWNER, "available", (String) upload.get("imgURI"),
                (long) content.length, (String) upload.get("sha256"));
        StubCatalog.IMAGES.put(id, image);
        return image;
    }

    private static Response copy(String id, String user, String body) {
        return given().header(TestIdentities.HEADER, TestIdentities.user(user)).contentType("application/json").body(body)
                .post("/api/v1/images/{id}/locations", id);
    }

    @Test
    void aCopyIsStreamedVerifiedAnnouncedAndServedFromItsStore() throws Exception {
        byte[] content = bytes(9 << 20);
        CatalogImage image = uploaded(content);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        try (TopicWatcher blobs = new TopicWatcher(Topics.BLOBS)) {
            Map<String, Object> result = copy(image.imgId(), OWNER, "{\"store\":\"fs\"}")
                    .then().statusCode(201).contentType("application/json")
                    .body("imgId", equalTo(image.imgId())).body("store", equalTo("fs"))
                    .body("location", startsWith("fs:///")).body("sha256", equalTo(sha256))
                    .body("size", equalTo(content.length))
                    .extract().jsonPath().getMap("$");
            BlobStored stored = (BlobStored) EventCodec.decode(blobs.await(r -> r.key().equals(image.imgId())
                    && r.value().contains("fs:///"), Duration.ofSeconds(10)).value()).orElseThrow();
            assertEquals(result.get("location"), stored.location());
            assertEquals(sha256, stored.sha256());
            // Usage counts an image once: the upload reserved quota, the copy took none.
            assertEquals(1, StubAccounting.reservationsOf(image.imgId()).size());

            StubCatalog.IMAGES.put(image.imgId(), new CatalogImage(image.imgId(), "disk.img", OWNER, "available",
                    image.imgURI(), image.size(), image.sha256(), List.of(image.imgURI(), stored.location())));
            assertArrayEquals(content, given().header(TestIdentities.HEADER, TestIdentities.user(OWNER))
                    .get("/api/v1/images/{id}/file?store=fs", image.imgId()).asByteArray());
            assertArrayEquals(content, given().header(TestIdentities.HEADER, TestIdentities.user(OWNER))
                    .get("/api/v1/images/{id}/file?store=s3", image.imgId()).asByteArray());
            copy(image.imgId(), OWNER, "{\"store\":\"fs\"}").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("already has a copy"));

            // Deleting the image removes every copy, each from the store its location names.
            List<String> locations = List.of(image.imgURI(), stored.location());
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", TestServers.kafkaBootstrap(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", StringSerializer.class.getName()))) {
                producer.send(new ProducerRecord<>(Topics.IMAGES, image.imgId(), EventCodec.encode(
                        ImageDeleted.of(OWNER, image.imgId(), OWNER, locations, content.length)))).get();
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> locations.stream()
                    .allMatch(l -> stores.forLocation(l).orElseThrow().stat(l).isEmpty()));
        }
    }

    private static Response removeCopy(String id, String identity, String location) {
        return given().header(TestIdentities.HEADER, identity).queryParam("uri", location)
                .delete("/api/v1/images/{id}/locations", id);
    }

    /** The image with a second copy, in fs, listed by the catalog at both locations. */
    private CatalogImage copiedToFs(CatalogImage image) {
        String fs = copy(image.imgId(), OWNER, "{\"store\":\"fs\"}").then().statusCode(201).extract().path("location");
        CatalogImage both = new CatalogImage(image.imgId(), "disk.img", OWNER, "available", image.imgURI(), image.size(),
                image.sha256(), List.of(image.imgURI(), fs));
        StubCatalog.IMAGES.put(image.imgId(), both);
        return both;
    }

    @Test
    void oneOfSeveralCopiesIsRemovedFromItsStoreAndAnnounced() throws Exception {
        byte[] content = bytes(6 << 20);
        CatalogImage image = copiedToFs(uploaded(content));
        String s3 = image.locations().get(0);
        String fs = image.locations().get(1);
        try (TopicWatcher blobs = new TopicWatcher(Topics.BLOBS)) {
            removeCopy(image.imgId(), TestIdentities.user(OWNER), fs).then().statusCode(204);
            BlobRemoved removed = (BlobRemoved) EventCodec.decode(blobs.await(r -> r.key().equals(image.imgId())
                    && r.value().contains("BlobRemoved"), Duration.ofSeconds(10)).value()).orElseThrow();
            assertEquals(fs, removed.location());
            assertEquals(OWNER, removed.actor());
        }
        assertTrue(stores.forLocation(fs).orElseThrow().stat(fs).isEmpty());
        assertEquals(content.length, stores.forLocation(s3).orElseThrow().stat(s3).orElseThrow().size());

        // The catalog applied it: s3 is the last copy, which stays.
        StubCatalog.IMAGES.put(image.imgId(), new CatalogImage(image.imgId(), "disk.img", OWNER, "available", s3,
                image.size(), image.sha256(), List.of(s3)));
        removeCopy(image.imgId(), TestIdentities.user(OWNER), s3).then().statusCode(409)
                .contentType("application/problem+json").body("detail", containsString("remove the image instead"));
        assertTrue(stores.forLocation(s3).orElseThrow().stat(s3).isPresent());
        removeCopy(image.imgId(), TestIdentities.user(OWNER), fs).then().statusCode(404)
                .body("detail", containsString("has no copy at " + fs));
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).delete("/api/v1/images/{id}/locations", image.imgId())
                .then().statusCode(400).body("detail", containsString("?uri="));

        // An administrator may remove a copy too, the upload's first as well.
        copiedToFs(StubCatalog.IMAGES.get(image.imgId()));
        removeCopy(image.imgId(), TestIdentities.admin("root"), s3).then().statusCode(204);
        assertTrue(stores.forLocation(s3).orElseThrow().stat(s3).isEmpty());
        assertTrue(stores.forLocation(fs).orElseThrow().stat(fs).isPresent());
    }

    @Test
    void onlyTheOwnerOrAnAdminRemovesACopy() {
        CatalogImage image = copiedToFs(uploaded(bytes(2000)));
        String fs = image.locations().get(1);
        removeCopy(image.imgId(), TestIdentities.user("mallory"), fs).then().statusCode(404)
                .contentType("application/problem+json");
        StubCatalog.PUBLIC.put(image.imgId(), true);
        removeCopy(image.imgId(), TestIdentities.user("mallory"), fs).then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("owner"));
        assertTrue(stores.forLocation(fs).orElseThrow().stat(fs).isPresent());
    }

    @Test
    void onlyTheOwnerCopiesAndOnlyIntoConfiguredStores() {
        CatalogImage image = uploaded(bytes(1000));
        StubCatalog.PUBLIC.put(image.imgId(), true);
        copy(image.imgId(), "mallory", "{\"store\":\"fs\"}").then().statusCode(403)
                .contentType("application/problem+json").body("detail", containsString("owner"));
        copy(image.imgId(), OWNER, "{\"store\":\"swift\"}").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("[s3, fs]"));
        copy(image.imgId(), OWNER, "{}").then().statusCode(400).body("detail", containsString("which store"));
        copy(image.imgId(), OWNER, "{\"store\":\"s3\"}").then().statusCode(409).body("detail", containsString("already"));
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file?store=fs", image.imgId())
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("no copy"));
        given().header(TestIdentities.HEADER, TestIdentities.user(OWNER)).get("/api/v1/images/{id}/file?store=nope", image.imgId())
                .then().statusCode(400).body("detail", containsString("[s3, fs]"));
    }

    @Test
    void aCopyWhoseChecksumDiffersFromTheCatalogsIsDeletedAndRefused() {
        CatalogImage image = uploaded(bytes(5000));
        String wrong = "0".repeat(64);
        StubCatalog.IMAGES.put(image.imgId(), new CatalogImage(image.imgId(), "disk.img", OWNER, "available",
                image.imgURI(), image.size(), wrong));
        copy(image.imgId(), OWNER, "{\"store\":\"fs\"}").then().statusCode(502)
                .contentType("application/problem+json").body("detail", containsString("was deleted"));
        // Nothing was kept: the same copy can be made once the catalog's checksum is right.
        StubCatalog.IMAGES.put(image.imgId(), image);
        copy(image.imgId(), OWNER, "{\"store\":\"fs\"}").then().statusCode(201);
    }
}
