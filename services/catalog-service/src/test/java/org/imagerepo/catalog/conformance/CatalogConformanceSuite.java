package org.imagerepo.catalog.conformance;

import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.imagerepo.catalog.service.ImageService;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobRemoved;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.ImageRegistered;
import org.imagerepo.events.ImageUpdated;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.TestServers;
import org.imagerepo.testsupport.TopicWatcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.imagerepo.catalog.CatalogApi.as;
import static org.imagerepo.catalog.CatalogApi.asAdmin;
import static org.imagerepo.catalog.CatalogApi.register;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every metadata store must do the same way: one subclass per store, each a Quarkus test under
 * that store's profile against the real server. The expectations are written once, here, so a store
 * that answers a query differently fails this suite.
 */
public abstract class CatalogConformanceSuite {

    private static final String SHA_A = "a".repeat(64);
    private static final String SHA_B = "b".repeat(64);
    private static final String MD5 = "c".repeat(32);

    @Inject
    ImageService service;

    /** The value of imagerepo.catalog.metadata-store this subclass runs under. */
    protected abstract String store();

    private static String user() {
        return "u" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void stored(String user, String id, String location, long size, String sha256) {
        service.apply(BlobStored.of(user, id, location, size, sha256, MD5));
    }

    /** Five images whose fields exercise case, anchors, classes, newlines, quotes, tags, numbers and copies. */
    private String catalogOf(String owner) {
        String alpha = register(owner, Map.of("name", "alpha", "os", "Ubuntu 24.04", "tag", List.of("hadoop", "mpi"),
                "vmType", "kvm", "description", "big, fast", "diskFormat", "qcow2"));
        String beta = register(owner, Map.of("name", "beta", "os", "ubuntu-22.04", "tag", List.of("spark", "hadoop-client"),
                "vmType", "xen", "description", "line one\nline two"));
        register(owner, Map.of("name", "gamma", "os", "redhat", "description", "x'; DROP TABLE images; --"));
        String delta = register(owner, Map.of("name", "delta", "os", "CentOS 7.9", "tag", List.of("web"),
                "vmType", "vmware", "description", "C:\\dir \"quoted\""));
        register(owner, Map.of("name", "img-123", "os", "debian", "permission", "public", "arch", "aarch64"));
        stored(owner, alpha, "fs:///al/" + alpha, 1024, SHA_A);
        stored(owner, beta, "fs:///be/" + beta, 10, SHA_A);
        stored(owner, delta, "fs:///de/" + delta, 100, SHA_B);
        stored(owner, delta, "s3://images/" + delta, 100, SHA_B);
        return owner;
    }

    private static List<String> names(String user, String query) {
        return namesAs(as(user), query);
    }

    private static List<String> namesAs(io.restassured.specification.RequestSpecification caller, String query) {
        List<String> names = new ArrayList<>(caller.queryParam("q", query).queryParam("limit", 100).get("/api/v1/images")
                .then().statusCode(200).extract().jsonPath().getList("images.name", String.class));
        Collections.sort(names);
        return names;
    }

    @Test
    void theSameQueriesReturnTheSameImages() {
        String owner = catalogOf(user());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("* where os=ubuntu", List.of("alpha", "beta"));
        expected.put("* where os=^ubuntu-2[24]\\.04$", List.of("beta"));
        expected.put("* where os=REDHAT|centos", List.of("delta", "gamma"));
        expected.put("* where os=\\.", List.of("alpha", "beta", "delta"));
        expected.put("* where os=\\d\\s*$", List.of("alpha", "beta", "delta"));
        expected.put("* where os=[^a-z0-9 .-]", List.of());
        expected.put("* where os=^[a-z]+$", List.of("gamma", "img-123"));
        expected.put("* where tag=^hadoop$", List.of("alpha"));
        expected.put("* where tag=hadoop", List.of("alpha", "beta"));
        expected.put("* where tag=hadoop, tag=mpi", List.of("alpha"));
        expected.put("* where tag=.*", List.of("alpha", "beta", "delta"));
        expected.put("* where description=\"big, fast\"", List.of("alpha"));
        expected.put("* where description=one.line", List.of("beta"));
        expected.put("* where description=\"x'; DROP TABLE images; --\"", List.of("gamma"));
        expected.put("* where description=\"C:\\\\\\\\dir \\\"quoted\\\"\"", List.of("delta"));
        expected.put("* where description=' OR 'a' LIKE 'a' --", List.of());
        expected.put("* where name=\"^img-\\d{2,3}$\"", List.of("img-123"));
        expected.put("* where vmType=^(KVM|xen)$", List.of("alpha", "beta"));
        expected.put("* where imgStatus=available, diskFormat=qcow2", List.of("alpha"));
        expected.put("* where arch=aarch64, permission=public", List.of("img-123"));
        expected.put("* where size=^1024$", List.of("alpha"));
        expected.put("* where size=^10", List.of("alpha", "beta", "delta"));
        expected.put("* where size=^10$", List.of("beta"));
        expected.put("* where accessCount=^0$", List.of("alpha", "beta", "delta", "gamma", "img-123"));
        expected.put("* where imgURI=^fs:", List.of("alpha", "beta", "delta"));
        expected.put("* where locations=^s3:", List.of("delta"));
        expected.put("*", List.of("alpha", "beta", "delta", "gamma", "img-123"));
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (String query : expected.keySet()) {
            String mine = query.equals("*") ? "* where owner=^" + owner + "$" : query + ", owner=^" + owner + "$";
            actual.put(query, names(owner, mine));
        }
        assertEquals(expected, actual, "on " + store());
    }

    /**
     * ADR 17: stores that cannot index a regular expression AND an anchored pattern's literal prefix with it
     * (MariaDB: a LIKE range on a folded copy; MongoDB: case variants of the prefix). Names chosen so that a
     * wrong rule drops or adds a row: case, '.' escaped or not, LIKE's own wildcards and escape character,
     * optional characters, alternation, trailing blanks, backslashes, tags.
     */
    @Test
    void anchoredPrefixesSelectExactlyWhatTheirRegularExpressionsDo() {
        String owner = user();
        for (String name : List.of("Img_50%.x1", "img_50%ax1", "imgX50%.x1", "img!50", "img!!50", "color-a", "colour-b",
                "colouur-c", "colr-d", "zeta-1", "alphabeta", "red  hat", "red hat", "C:\\dir\\x", "c:/dir/x")) {
            register(owner, Map.of("name", name, "os", name.toLowerCase(java.util.Locale.ROOT).startsWith("img") ? "ReDHat Linux" : "Red Hat",
                    "tag", List.of(name.startsWith("col") ? "HADOOP-client" : "mpi")));
        }
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("* where name=^IMG_50%\\.x", List.of("Img_50%.x1"));
        expected.put("* where name=^img_50%.x", List.of("Img_50%.x1", "img_50%ax1"));
        expected.put("* where name=^img_", List.of("Img_50%.x1", "img_50%ax1"));
        expected.put("* where name=^img.50", List.of("Img_50%.x1", "img!50", "imgX50%.x1", "img_50%ax1"));
        expected.put("* where name=^IMG!5", List.of("img!50"));
        expected.put("* where name=^img!!", List.of("img!!50"));
        expected.put("* where name=^img%", List.of());
        expected.put("* where name=^colou?r-", List.of("color-a", "colour-b"));
        expected.put("* where name=^colou*r", List.of("color-a", "colour-b", "colouur-c"));
        expected.put("* where name=^colo+u", List.of("colour-b", "colouur-c"));
        expected.put("* where name=^zeta|beta", List.of("alphabeta", "zeta-1"));
        expected.put("* where name=^(zeta|alpha)", List.of("alphabeta", "zeta-1"));
        expected.put("* where name=\"^red \"", List.of("red  hat", "red hat"));
        expected.put("* where name=\"^red  \"", List.of("red  hat"));
        expected.put("* where name=^red h", List.of("red hat"));
        expected.put("* where name=^c:\\\\dir", List.of("C:\\dir\\x"));
        expected.put("* where name=^c:.dir", List.of("C:\\dir\\x", "c:/dir/x"));
        expected.put("* where os=^redhat", List.of("Img_50%.x1", "img!!50", "img!50", "imgX50%.x1", "img_50%ax1"));
        expected.put("* where os=^RED HAT$, name=^c", List.of("C:\\dir\\x", "c:/dir/x", "color-a", "colour-b", "colouur-c", "colr-d"));
        expected.put("* where tag=^hadoop-C", List.of("color-a", "colour-b", "colouur-c", "colr-d"));
        expected.put("* where tag=^Hadoop$", List.of());
        Map<String, List<String>> actual = new LinkedHashMap<>();
        for (String query : expected.keySet()) {
            actual.put(query, names(owner, query + ", owner=^" + owner.toUpperCase(java.util.Locale.ROOT) + "$"));
        }
        assertEquals(expected, actual, "on " + store());
    }

    /**
     * Characters outside ASCII that some engines match to an ASCII letter ignoring case (long s, Kelvin sign,
     * dotless and dotted i): whatever this store's engine decides, the prefix rule must not change it, so an
     * anchored literal must select what the same pattern does inside a group (which has no literal prefix).
     */
    @Test
    void anchoredPrefixesKeepTheStoresOwnCaseFoldingBeyondAscii() {
        String owner = user();
        for (String name : List.of("\u017Fystem", "system", "\u212Aernel", "kernel", "\u0131mage", "\u0130mage", "image")) {
            register(owner, Map.of("name", name, "tag", List.of(name)));
        }
        Map<String, String> words = Map.of("system", "system", "SYSTEM", "system", "kernel", "kernel", "KERNEL", "kernel",
                "image", "image", "IMAGE", "image", "ima", "image", "sy", "system", "ke", "kernel");
        String mine = ", owner=^" + owner + "$";
        for (Map.Entry<String, String> word : words.entrySet()) {
            for (String field : List.of("name", "tag")) {
                String query = "* where " + field + "=^" + word.getKey();
                List<String> withPrefix = names(owner, query + mine);
                assertEquals(names(owner, "* where " + field + "=^(" + word.getKey() + ")" + mine), withPrefix, query + " on " + store());
                assertTrue(withPrefix.contains(word.getValue()), query + " on " + store() + ": " + withPrefix);
            }
        }
    }

    @Test
    void projectionsReturnTheAskedFieldsWithTheirTypes() {
        String owner = catalogOf(user());
        as(owner).queryParam("q", "name,size,tag,accessCount where name=^alpha$, owner=^" + owner + "$").get("/api/v1/images")
                .then().statusCode(200).body("fields", equalTo(List.of("name", "size", "tag", "accessCount")))
                .body("images[0]", equalTo(Map.of("name", "alpha", "size", 1024, "tag", List.of("hadoop", "mpi"), "accessCount", 0)));
        String delta = as(owner).queryParam("q", "imgId where name=^delta$, owner=^" + owner + "$").get("/api/v1/images")
                .then().body("fields", equalTo(List.of("imgId"))).extract().path("images[0].imgId");
        as(owner).queryParam("q", "name,locations where locations=^s3:, owner=^" + owner + "$").get("/api/v1/images")
                .then().body("images", equalTo(List.of(Map.of("name", "delta",
                        "locations", List.of("fs:///de/" + delta, "s3://images/" + delta)))));
        as(owner).get("/api/v1/images/" + delta).then().body("imgURI", equalTo("fs:///de/" + delta))
                .body("locations.size()", equalTo(2));
    }

    @Test
    void othersSeeOnlyPublicImagesAndPagesCoverEverything() {
        String owner = catalogOf(user());
        assertEquals(List.of("img-123"), names(user(), "* where owner=^" + owner + "$"));
        Set<String> seen = new HashSet<>();
        for (int offset = 0; offset < 5; offset += 2) {
            List<String> page = as(owner).queryParam("q", "name where owner=^" + owner + "$").queryParam("limit", 2)
                    .queryParam("offset", offset).get("/api/v1/images").then().statusCode(200)
                    .extract().jsonPath().getList("images.name", String.class);
            assertTrue(page.size() == (offset < 4 ? 2 : 1), "page at " + offset + ": " + page);
            seen.addAll(page);
        }
        assertEquals(Set.of("alpha", "beta", "gamma", "delta", "img-123"), seen);
    }

    /**
     * ADR 17: a user's query is answered as one branch per way in (own, public, shared by name, shared with a
     * group), merged in date order. Every image a user may see by one or by several ways appears once, in the
     * order of creation, and pages cut that order wherever they fall.
     */
    @Test
    void imagesVisibleInSeveralWaysAppearOnceInOrderOnEveryPage() {
        String viewer = user();
        String other = user();
        String stranger = user();
        String g1 = "g" + UUID.randomUUID().toString().substring(0, 8);
        String g2 = "g" + UUID.randomUUID().toString().substring(0, 8);
        String mark = "w" + UUID.randomUUID().toString().substring(0, 8) + "-";
        record Image(String owner, String name, boolean isPublic, List<String> users, List<String> groups, boolean seen) {
        }
        List<Image> images = List.of(
                new Image(viewer, "own", false, List.of(), List.of(), true),
                new Image(other, "group", false, List.of(), List.of(g1), true),
                new Image(viewer, "own-public", true, List.of(), List.of(), true),
                new Image(other, "hidden", false, List.of(stranger), List.of("other-" + g1), false),
                new Image(viewer, "own-shared", false, List.of(viewer), List.of(g1), true),
                new Image(other, "public", true, List.of(), List.of(), true),
                new Image(other, "user", false, List.of(viewer), List.of(), true),
                new Image(other, "public-shared", true, List.of(viewer, stranger), List.of(g1, g2), true),
                new Image(other, "user-groups", false, List.of(stranger, viewer), List.of(g2, g1), true),
                new Image(other, "groups", false, List.of(), List.of(g1, g2), true),
                new Image(stranger, "private", false, List.of(), List.of(), false));
        for (Image image : images) {
            Map<String, Object> metadata = new HashMap<>(Map.of("name", mark + image.name()));
            if (image.isPublic()) {
                metadata.put("permission", "public");
            }
            String id = register(image.owner(), metadata);
            for (String u : image.users()) {
                as(image.owner()).put("/api/v1/images/{id}/shares/users/{u}", id, u).then().statusCode(200);
            }
            for (String g : image.groups()) {
                as(image.owner()).put("/api/v1/images/{id}/shares/groups/{g}", id, g).then().statusCode(200);
            }
        }
        List<String> expected = images.stream().filter(Image::seen).map(i -> mark + i.name()).toList();
        String query = "name where name=^" + mark;
        for (int limit : new int[] {100, 4, 3, 1}) {
            List<String> all = new ArrayList<>();
            for (int offset = 0; offset < expected.size() + 2; offset += limit) {
                all.addAll(as(viewer, g1, g2).queryParam("q", query).queryParam("limit", limit).queryParam("offset", offset)
                        .get("/api/v1/images").then().statusCode(200).extract().jsonPath().getList("images.name", String.class));
            }
            assertEquals(expected, all, "pages of " + limit + " on " + store());
        }
        // Without the groups, only what the viewer sees by owning, publicity or by name.
        List<String> byName = images.stream().filter(i -> i.owner().equals(viewer) || i.isPublic() || i.users().contains(viewer))
                .map(i -> mark + i.name()).toList();
        assertEquals(byName, as(viewer).queryParam("q", query).get("/api/v1/images").then().statusCode(200)
                .extract().jsonPath().getList("images.name", String.class), "on " + store());
    }

    @Test
    void sharedImagesAreVisibleToTheNamedUsersAndGroupsOnlyAndOnlyTheOwnerOrAnAdminShares() {
        String alice = user();
        String carol = user();
        String dave = user();
        String group = "g" + UUID.randomUUID().toString().substring(0, 8);
        String id = register(alice, Map.of("name", "shared-" + alice));
        String query = "* where name=^shared-" + alice + "$";
        assertEquals(List.of(), names(carol, query));
        as(carol).get("/api/v1/images/" + id).then().statusCode(404);

        as(alice).put("/api/v1/images/{id}/shares/users/{u}", id, carol).then().statusCode(200)
                .body("sharedUsers", equalTo(List.of(carol)));
        as(alice).put("/api/v1/images/{id}/shares/users/{u}", id, carol).then().statusCode(200)
                .body("sharedUsers", equalTo(List.of(carol)));
        as(alice).put("/api/v1/images/{id}/shares/groups/{g}", id, group).then().statusCode(200)
                .body("sharedGroups", equalTo(List.of(group)));
        assertEquals(List.of("shared-" + alice), names(carol, query));
        as(carol).get("/api/v1/images/" + id).then().statusCode(200);
        assertEquals(List.of("shared-" + alice), namesAs(as(dave, group), query));
        assertEquals(List.of(), namesAs(as(dave, "other-" + group), query));
        assertEquals(List.of(), names(dave, query));
        assertEquals(List.of("shared-" + alice), namesAs(as(dave, group), "name where sharedGroups=^" + group + "$"));

        // Seeing is not owning: neither a sharee nor a group member may change, share or remove it.
        as(carol).body(Map.of("os", "x")).patch("/api/v1/images/" + id).then().statusCode(403);
        as(carol).put("/api/v1/images/{id}/shares/users/{u}", id, dave).then().statusCode(403);
        as(dave, group).delete("/api/v1/images/" + id).then().statusCode(403);
        as(dave).put("/api/v1/images/{id}/shares/users/{u}", id, dave).then().statusCode(404);

        String admin = user();
        assertEquals(List.of("shared-" + alice), namesAs(asAdmin(admin), query));
        asAdmin(admin).delete("/api/v1/images/{id}/shares/users/{u}", id, carol).then().statusCode(200)
                .body("sharedUsers", equalTo(List.of()));
        assertEquals(List.of(), names(carol, query));
        as(alice).delete("/api/v1/images/{id}/shares/groups/{g}", id, group).then().statusCode(200)
                .body("sharedGroups", equalTo(List.of()));
        assertEquals(List.of(), namesAs(as(dave, group), query));
        as(alice).put("/api/v1/images/{id}/shares/users/{u}", id, "no spaces").then().statusCode(400)
                .contentType("application/problem+json");
        as(alice).put("/api/v1/images/{id}/shares/users/{u}", id, "u".repeat(65)).then().statusCode(400)
                .body("detail", containsString("1-64"));
        as(alice).put("/api/v1/images/{id}/shares/groups/{g}", id, "g".repeat(128)).then().statusCode(200);
        as(alice).put("/api/v1/images/{id}/shares/things/{g}", id, group).then().statusCode(404);
        asAdmin(admin).body(Map.of("permission", "public")).patch("/api/v1/images/" + id).then().statusCode(200);
        assertEquals(List.of("shared-" + alice), names(dave, query));
        asAdmin(admin).delete("/api/v1/images/" + id).then().statusCode(204);
    }

    @Test
    void anImageIsFoundByAnyOfItsLocationsByThoseWhoMaySeeIt() {
        String alice = user();
        String id = register(alice, Map.of("name", "located"));
        stored(alice, id, "fs:///lo/" + id, 7, SHA_A);
        as(alice).queryParam("uri", "fs:///lo/" + id).get("/api/v1/images/by-location").then().statusCode(200)
                .body("imgId", equalTo(id));
        as(user()).queryParam("uri", "fs:///lo/" + id).get("/api/v1/images/by-location").then().statusCode(404)
                .contentType("application/problem+json");
        as(alice).queryParam("uri", "fs:///nowhere/" + id).get("/api/v1/images/by-location").then().statusCode(404);
        as(alice).get("/api/v1/images/by-location").then().statusCode(400);
    }

    @Test
    void theModifyRulesAreTheSame() {
        String alice = user();
        String id = register(alice, Map.of("os", "centos"));
        for (String field : List.of("size", "owner", "accessCount", "imgURI", "locations", "lastAccess", "imgId", "sha256")) {
            as(alice).body(Map.of(field, "x")).patch("/api/v1/images/" + id).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("'" + field + "' is set by the system"));
        }
        as(alice).body(Map.of("vmType", "hyperv")).patch("/api/v1/images/" + id).then().statusCode(400)
                .body("detail", containsString("none, xen, kvm, virtualbox, vmware"));
        as(alice).body(Map.of("os", "debian", "diskFormat", "floppy")).patch("/api/v1/images/" + id).then().statusCode(400);
        as(alice).body(Map.of("imgStatus", "locked")).patch("/api/v1/images/" + id).then().statusCode(409)
                .body("detail", containsString("once its bytes are uploaded"));
        as(alice).get("/api/v1/images/" + id).then().body("os", equalTo("centos")).body("diskFormat", equalTo("raw"));

        stored(alice, id, "fs:///x/" + id, 5, SHA_A);
        as(alice).body(Map.of("imgStatus", "LOCKED", "tag", "a, b")).patch("/api/v1/images/" + id).then().statusCode(200)
                .body("imgStatus", equalTo("locked")).body("tag", equalTo(List.of("a", "b")));
        as(alice).delete("/api/v1/images/" + id).then().statusCode(409).body("detail", containsString("unlock it first"));
        String bob = user();
        as(bob).body(Map.of("os", "x")).patch("/api/v1/images/" + id).then().statusCode(404);
        as(alice).body(Map.of("permission", "public")).patch("/api/v1/images/" + id).then().statusCode(200);
        as(bob).body(Map.of("os", "x")).patch("/api/v1/images/" + id).then().statusCode(403);
        as(bob).delete("/api/v1/images/" + id).then().statusCode(403);
        as(alice).body(Map.of("imgStatus", "available")).patch("/api/v1/images/" + id).then().statusCode(200);
        as(alice).delete("/api/v1/images/" + id).then().statusCode(204);
        as(alice).get("/api/v1/images/" + id).then().statusCode(404);
        as(alice).delete("/api/v1/images/" + id).then().statusCode(404);
    }

    @Test
    void copiesAddLocationsOnceAndAForeignChecksumIsRefused() {
        String alice = user();
        String id = register(alice, Map.of());
        stored(alice, id, "fs:///c/" + id, 42, SHA_A);
        BlobStored copy = BlobStored.of("blob-service", id, "s3://images/" + id, 42, SHA_A, MD5);
        service.apply(copy);
        service.apply(copy); // redelivered
        service.apply(BlobStored.of("blob-service", id, "s3://images/" + id, 42, SHA_A, MD5)); // copied again
        service.apply(BlobStored.of("blob-service", id, "swift://images/" + id, 42, SHA_B, MD5)); // other bytes
        as(alice).get("/api/v1/images/" + id).then().statusCode(200)
                .body("locations", equalTo(List.of("fs:///c/" + id, "s3://images/" + id)))
                .body("imgURI", equalTo("fs:///c/" + id)).body("sha256", equalTo(SHA_A)).body("size", equalTo(42));
        try (TopicWatcher images = new TopicWatcher(Topics.IMAGES)) {
            as(alice).delete("/api/v1/images/" + id).then().statusCode(204);
            ImageDeleted deleted = (ImageDeleted) EventCodec.decode(images.await(
                    r -> r.key().equals(id) && r.value().contains("ImageDeleted"), Duration.ofSeconds(20)).value()).orElseThrow();
            assertEquals(List.of("fs:///c/" + id, "s3://images/" + id), deleted.locations());
            assertEquals(42, deleted.size());
        }
        service.apply(BlobStored.of("blob-service", id, "gridfs://images/" + id, 42, SHA_A, MD5)); // too late: ignored
        as(alice).get("/api/v1/images/" + id).then().statusCode(404);
    }

    @Test
    void aRemovedCopyLeavesTheImageOnceAndItsImgUriMovesToAnotherCopy() {
        String alice = user();
        String id = register(alice, Map.of());
        stored(alice, id, "fs:///r/" + id, 42, SHA_A);
        service.apply(BlobStored.of("blob-service", id, "s3://images/" + id, 42, SHA_A, MD5));
        service.apply(BlobStored.of("blob-service", id, "swift://images/" + id, 42, SHA_A, MD5));
        BlobRemoved s3Gone = BlobRemoved.of(alice, id, "s3://images/" + id);
        service.apply(s3Gone);
        service.apply(s3Gone); // redelivered
        as(alice).get("/api/v1/images/" + id).then().statusCode(200)
                .body("locations", equalTo(List.of("fs:///r/" + id, "swift://images/" + id)))
                .body("imgURI", equalTo("fs:///r/" + id));

        service.apply(BlobRemoved.of(alice, id, "fs:///r/" + id));
        as(alice).get("/api/v1/images/" + id).then().statusCode(200)
                .body("locations", equalTo(List.of("swift://images/" + id)))
                .body("imgURI", equalTo("swift://images/" + id))
                .body("imgStatus", equalTo("available")).body("size", equalTo(42));
        as(alice).queryParam("uri", "fs:///r/" + id).get("/api/v1/images/by-location").then().statusCode(404);
        as(alice).queryParam("uri", "swift://images/" + id).get("/api/v1/images/by-location").then().statusCode(200)
                .body("imgId", equalTo(id));
        assertEquals(List.of(), names(alice, "* where imgURI=^fs:, owner=^" + alice + "$"));

        // Copied there again later: the old removal, redelivered, does not take the new copy away.
        service.apply(BlobStored.of("blob-service", id, "s3://images/" + id, 42, SHA_A, MD5));
        service.apply(s3Gone);
        as(alice).get("/api/v1/images/" + id).then()
                .body("locations", equalTo(List.of("swift://images/" + id, "s3://images/" + id)));
    }

    @Test
    void theStoreTotalsEachOwnersImagesAndBytesForAdminsOnly() {
        String alice = user();
        String bob = user();
        String available = register(alice, Map.of());
        stored(alice, available, "fs:///o/" + available, 1000, SHA_A);
        service.apply(BlobStored.of("blob-service", available, "s3://images/" + available, 1000, SHA_A, MD5)); // counted once
        String locked = register(alice, Map.of());
        stored(alice, locked, "fs:///o/" + locked, 234, SHA_B);
        as(alice).body(Map.of("imgStatus", "locked")).patch("/api/v1/images/" + locked).then().statusCode(200);
        register(alice, Map.of()); // pending: counted, no bytes
        String failed = register(alice, Map.of());
        service.apply(BlobFailed.of(alice, failed, "the client went away", 10)); // failed: counted, no bytes
        String removed = register(alice, Map.of());
        stored(alice, removed, "fs:///o/" + removed, 5000, SHA_A);
        as(alice).delete("/api/v1/images/" + removed).then().statusCode(204); // gone: not counted
        register(bob, Map.of());

        List<Map<String, Object>> owners = asAdmin(user()).get("/internal/v1/owners").then().statusCode(200)
                .contentType("application/json").extract().jsonPath().getList("$");
        Map<Object, Map<String, Object>> byOwner = new LinkedHashMap<>();
        owners.forEach(row -> byOwner.put(row.get("owner"), row));
        assertEquals(Map.of("owner", alice, "images", 4, "bytes", 1234), byOwner.get(alice), "on " + store());
        assertEquals(Map.of("owner", bob, "images", 1, "bytes", 0), byOwner.get(bob), "on " + store());

        as(alice).get("/internal/v1/owners").then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("administrators"));
        given().get("/internal/v1/owners").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void concurrentAccessesAreCountedExactlyOnceEach() throws Exception {
        String dave = user();
        String id = register(dave, Map.of());
        stored(dave, id, "fs:///d/" + id, 10, SHA_A);
        Instant latest = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<ImageAccessed> deliveries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            deliveries.add(new ImageAccessed(UUID.randomUUID(), latest.minusSeconds(i), "erin", id, 10, true));
        }
        Random random = new Random(7);
        for (int i = 0; i < 100; i++) {
            deliveries.add(deliveries.get(random.nextInt(200))); // redelivered, possibly at the same time
        }
        for (int i = 0; i < 20; i++) {
            deliveries.add(ImageAccessed.of("erin", id, 3, false)); // ranges do not count
        }
        Collections.shuffle(deliveries, random);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ImageAccessed delivery : deliveries) {
                done.add(threads.submit(() -> service.apply(delivery)));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }
        as(dave).get("/api/v1/images/" + id).then().body("accessCount", equalTo(200)).body("lastAccess", equalTo(latest.toString()));
        assertEquals(1, names(dave, "* where accessCount=^200$, owner=^" + dave + "$").size());
    }

    @Test
    void eventsTravelThroughTheRealBroker() throws Exception {
        String carol = user();
        try (TopicWatcher images = new TopicWatcher(Topics.IMAGES);
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     "bootstrap.servers", TestServers.kafkaBootstrap(),
                     "key.serializer", StringSerializer.class.getName(),
                     "value.serializer", StringSerializer.class.getName()))) {
            String id = register(carol, Map.of("name", "via-kafka"));
            assertEquals(carol, ((ImageRegistered) decode(images.await(r -> r.key().equals(id), Duration.ofSeconds(20)).value())).owner());

            RepositoryEvent stored = BlobStored.of(carol, id, "fs:///k/" + id, 7, SHA_A, MD5);
            producer.send(new ProducerRecord<>(stored.topic(), stored.key(), EventCodec.encode(stored))).get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(carol).get("/api/v1/images/" + id)
                    .then().body("imgStatus", equalTo("available")).body("locations", equalTo(List.of("fs:///k/" + id))));

            as(carol).body(Map.of("os", "alpine")).patch("/api/v1/images/" + id).then().statusCode(200);
            ImageUpdated updated = (ImageUpdated) decode(images.await(
                    r -> r.key().equals(id) && r.value().contains("ImageUpdated"), Duration.ofSeconds(20)).value());
            assertEquals(Map.of("os", "alpine"), updated.changes());

            as(carol).delete("/api/v1/images/" + id).then().statusCode(204);
            ImageDeleted deleted = (ImageDeleted) decode(images.await(
                    r -> r.key().equals(id) && r.value().contains("ImageDeleted"), Duration.ofSeconds(20)).value());
            assertEquals(List.of("fs:///k/" + id), deleted.locations());
        }
    }

    @Test
    void readinessChecksTheSelectedStore() {
        ValidatableResponse ready = given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        ready.body("checks.name", hasItem("metadata store " + store()));
        // Only the selected store is probed: the inactive datasources' servers may not exist at all.
        Map<String, Object> databases = ready.extract().jsonPath()
                .getMap("checks.find { it.name == 'Database connections health check' }.data");
        Set<String> probed = databases == null ? Set.of() : databases.keySet();
        assertEquals(store().equals("mongodb") ? Set.of() : Set.of(store()), probed, "datasources probed on " + store());
    }

    private static RepositoryEvent decode(String payload) {
        return EventCodec.decode(payload).orElseThrow();
    }
}
