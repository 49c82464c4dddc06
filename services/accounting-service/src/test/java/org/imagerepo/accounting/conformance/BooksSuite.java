package org.imagerepo.accounting.conformance;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.imagerepo.accounting.EventPublisher;
import org.imagerepo.accounting.UsersTopic;
import org.imagerepo.accounting.config.AccountingConfig;
import org.imagerepo.accounting.service.ReservationService;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobStored;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.ImageDeleted;
import org.imagerepo.events.ImageRegistered;
import org.imagerepo.events.UsageChanged;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.transfer.TransferCapability;
import org.imagerepo.testsupport.TestIdentities;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;


import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.imagerepo.accounting.AccountingApi.HISTORY;
import static org.imagerepo.accounting.AccountingApi.RESERVATIONS;
import static org.imagerepo.accounting.AccountingApi.USAGE;
import static org.imagerepo.accounting.AccountingApi.USERS;
import static org.imagerepo.accounting.AccountingApi.activatedUser;
import static org.imagerepo.accounting.AccountingApi.asAdmin;
import static org.imagerepo.accounting.AccountingApi.asUser;
import static org.imagerepo.accounting.AccountingApi.newName;
import static org.imagerepo.accounting.AccountingApi.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The books (ADR 10), the same on every database: events from the real broker applied once and in any
 * order, quota held by reservations, history, usage per day. One subclass per database, as AccountingSuite.
 */
public abstract class BooksSuite {

    static final long GIB = 1L << 30;
    private static final String PROBLEM = "application/problem+json";
    private static final String SHA256 = "a".repeat(64);
    private static final String MD5 = "b".repeat(32);
    /** Generous: the first test of a fresh consumer group may first read the topics' history. */
    private static final Duration EVENTUALLY = Duration.ofSeconds(90);

    @Inject
    KafkaClientService kafka;

    @Inject
    ReservationService reservationService;

    @Inject
    AccountingConfig config;

    @TestHTTPResource(RESERVATIONS)
    URI reservations;

    EventPublisher events;

    @BeforeEach
    void connect() {
        events = new EventPublisher();
    }

    @AfterEach
    void disconnect() {
        events.close();
    }

    // ---- events, once each, in any order ----

    @Test
    void eachEventIsAppliedOnceHoweverOftenItIsDelivered() throws Exception {
        String owner = activatedUser("once", GIB);
        String downloader = newName("reader");
        String img = UUID.randomUUID().toString();
        ImageRegistered registered = ImageRegistered.of(owner, img, owner, "debian", "public");
        BlobStored stored = stored(owner, img, 1000);
        ImageAccessed whole = ImageAccessed.of(downloader, img, 1000, true);
        ImageAccessed range = ImageAccessed.of(downloader, img, 10, false);
        events.send(registered);
        events.send(registered);
        RecordMetadata firstStored = events.send(stored);
        events.send(stored);
        RecordMetadata firstWhole = events.send(whole);
        events.send(whole);
        events.send(range);
        events.send(range);

        eventually(() -> {
            image(owner, img).statusCode(200).body("status", equalTo("available")).body("size", equalTo(1000))
                    .body("accessCount", equalTo(1)).body("bytesTransferred", equalTo(1010)).body("total", equalTo(2))
                    .body("name", equalTo("debian"));
            me(owner).body("usedBytes", equalTo(1000)).body("imageCount", equalTo(1));
        });

        // Redelivery as after a restart with offsets reset: the consumers read the same records again. A later
        // event on the same partition shows when they have.
        seek("access-events", firstWhole);
        events.send(ImageAccessed.of(downloader, img, 5, false));
        eventually(() -> image(owner, img).body("bytesTransferred", equalTo(1015)));
        image(owner, img).body("accessCount", equalTo(1)).body("total", equalTo(3));

        String reservation = reserve(owner, img, 100).statusCode(201).extract().path("reservationId");
        seek("blob-events", firstStored);
        events.send(stored(owner, img, 1000)); // a copy in another store: settles nothing new, adds no usage
        eventually(() -> me(owner).body("reservedBytes", equalTo(0)));
        me(owner).body("usedBytes", equalTo(1000)).body("imageCount", equalTo(1));
        asUser(owner).delete(RESERVATIONS + "/" + reservation).then().statusCode(204);
    }

    @Test
    void bytesStoredBeforeTheImageIsRegisteredCountOnceTheOwnerIsKnown() {
        String owner = activatedUser("early", GIB);
        String admin = newName("admin");
        String img = UUID.randomUUID().toString();
        events.send(stored(owner, img, 4096));
        eventually(() -> asAdmin(admin).get(HISTORY + "/images/" + img).then().statusCode(200)
                .body("status", equalTo("available")).body("size", equalTo(4096)).body("owner", nullValue()));
        me(owner).body("usedBytes", equalTo(0)).body("imageCount", equalTo(0));

        try (UsersTopic topic = UsersTopic.watch()) {
            events.send(ImageRegistered.of(owner, img, owner, "late-registered", "private"));
            eventually(() -> me(owner).body("usedBytes", equalTo(4096)).body("imageCount", equalTo(1)));
            UsageChanged changed = topic.await(UsageChanged.class, owner, u -> u.usedBytes() == 4096);
            assertEquals(1, changed.imageCount());
            assertEquals(GIB, changed.quota());
        }
        image(owner, img).statusCode(200).body("owner", equalTo(owner)).body("name", equalTo("late-registered"))
                .body("status", equalTo("available"));

        // Deleted before anything else was heard of it: it never counts, whatever comes after.
        String gone = UUID.randomUUID().toString();
        events.send(ImageDeleted.of(owner, gone, owner, List.of(), 0));
        events.send(ImageRegistered.of(owner, gone, owner, "ghost", "private"));
        events.send(stored(owner, gone, 999));
        eventually(() -> image(owner, gone).statusCode(200).body("status", equalTo("deleted")).body("size", equalTo(999)));
        me(owner).body("usedBytes", equalTo(4096)).body("imageCount", equalTo(1));
    }

    @Test
    void aUserWhoseImagesCameBeforeThemFindsThemCounted() {
        String owner = newName("newcomer");
        String img = UUID.randomUUID().toString();
        events.send(ImageRegistered.of(owner, img, owner, "first", "private"));
        events.send(stored(owner, img, 777));
        eventually(() -> asAdmin(newName("admin")).get(HISTORY + "/images/" + img).then().statusCode(200)
                .body("owner", equalTo(owner)).body("status", equalTo("available")));
        asAdmin(newName("admin")).body(Map.of("username", owner, "status", "activated")).post(USERS).then()
                .statusCode(201).body("usedBytes", equalTo(777)).body("imageCount", equalTo(1))
                .body("reservedBytes", equalTo(0));
        me(owner).body("usedBytes", equalTo(777));
    }

    // ---- quota by reservations ----

    @Test
    void aReservationOverQuotaIsRefusedNamingTheFiguresAndChangesNothing() {
        String owner = activatedUser("full", 8 * GIB);
        String img = UUID.randomUUID().toString();
        long used = 6657199309L; // 6.2 GiB
        events.send(ImageRegistered.of(owner, img, owner, "big", "private"));
        events.send(stored(owner, img, used));
        eventually(() -> assertEquals(used, me(owner).extract().jsonPath().getLong("usedBytes")));

        JsonPath refusal = reserve(owner, UUID.randomUUID().toString(), 3 * GIB).statusCode(413).contentType(PROBLEM)
                .body("type", endsWith("/quota-exceeded")).body("status", equalTo(413))
                .body("detail", equalTo("Uploading 3.0 GiB would pass the quota of " + owner + ": quota 8.0 GiB, "
                        + "in use 6.2 GiB, reserved by uploads in progress 0 B; 1.8 GiB left. Remove images or ask an "
                        + "administrator for more quota."))
                .extract().jsonPath();
        assertEquals(8 * GIB, refusal.getLong("quota"));
        assertEquals(used, refusal.getLong("usedBytes"));
        assertEquals(0, refusal.getLong("reservedBytes"));
        assertEquals(3 * GIB, refusal.getLong("requestedBytes"));
        me(owner).body("reservedBytes", equalTo(0));
        assertEquals(used, me(owner).extract().jsonPath().getLong("usedBytes"));

        JsonPath held = reserve(owner, img, GIB).statusCode(201).body("owner", equalTo(owner))
                .body("imgId", equalTo(img)).extract().jsonPath();
        assertEquals(GIB, held.getLong("bytes"));
        assertEquals(GIB, me(owner).extract().jsonPath().getLong("reservedBytes"));
        JsonPath second = reserve(owner, img, GIB).statusCode(413).extract().jsonPath();
        assertEquals(GIB, second.getLong("reservedBytes"), "the refusal counts the reservation in progress");
        assertTrue(second.getString("detail").contains("reserved by uploads in progress 1.0 GiB; 819.2 MiB left"),
                second.getString("detail"));
    }

    @Test
    void concurrentReservationsCannotTogetherPassTheQuota() throws Exception {
        String owner = activatedUser("rush", 10_000);
        int callers = 8;
        HttpClient http = HttpClient.newHttpClient();
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(reservations)
                            .header(TestIdentities.HEADER, TestIdentities.user(owner))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"imgId\": \"" + UUID.randomUUID() + "\", \"bytes\": 3000}")).build();
                    start.await(30, TimeUnit.SECONDS);
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            int granted = 0;
            int refused = 0;
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
                if (response.statusCode() == 201) {
                    granted++;
                } else {
                    assertEquals(413, response.statusCode(), response.body());
                    refused++;
                }
            }
            assertEquals(3, granted, "3 x 3000 fit in 10000, a fourth does not");
            assertEquals(5, refused);
        } finally {
            pool.shutdownNow();
        }
        me(owner).body("reservedBytes", equalTo(9000));
    }

    @Test
    void aReleasedReservationFreesItsQuotaAndReleasingTwiceIsFine() {
        String owner = activatedUser("release", 5000);
        String img = UUID.randomUUID().toString();
        String id = reserve(owner, img, 5000).statusCode(201).extract().path("reservationId");
        reserve(owner, img, 1).statusCode(413);
        asUser(newName("other")).delete(RESERVATIONS + "/" + id).then().statusCode(404).contentType(PROBLEM);
        me(owner).body("reservedBytes", equalTo(5000));

        asUser(owner).delete(RESERVATIONS + "/" + id).then().statusCode(204);
        me(owner).body("reservedBytes", equalTo(0));
        asUser(owner).delete(RESERVATIONS + "/" + id).then().statusCode(204);
        asUser(owner).delete(RESERVATIONS + "/" + UUID.randomUUID()).then().statusCode(204);
        reserve(owner, img, 5000).statusCode(201);

        asUser(newName("stranger")).body(Map.of("imgId", img, "bytes", 1)).post(RESERVATIONS).then().statusCode(403)
                .contentType(PROBLEM).body("detail", containsString("sign in through the gateway"));
        asUser(owner).body(Map.of("imgId", img, "bytes", -1)).post(RESERVATIONS).then().statusCode(400)
                .contentType(PROBLEM).body("detail", containsString("0 or more"));
        asUser(owner).body(Map.of("bytes", 1)).post(RESERVATIONS).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("Say which image"));
    }

    @Test
    void anUploadCapabilityClaimsItsReservationOnceAndSpeaksForNoOther() {
        String owner = activatedUser("claim", 10_000);
        String img = UUID.randomUUID().toString();
        String id = reserve(owner, img, 4000).statusCode(201).extract().path("reservationId");
        String other = reserve(owner, img, 1000).statusCode(201).extract().path("reservationId");
        String capability = TestIdentities.capability(TransferCapability.upload(img, owner, java.util.Set.of(),
                Role.USER, id, 4000, Instant.now().plusSeconds(60)));

        claim(capability, id).statusCode(200).body("reservationId", equalTo(id)).body("bytes", equalTo(4000));
        claim(capability, id).statusCode(409).contentType(PROBLEM).body("type", endsWith("/capability-used"))
                .body("detail", containsString("used already"));
        // The capability acts on its own reservation only, and only as a transfer's credential.
        claim(capability, other).statusCode(403).contentType(PROBLEM);
        given().header(TransferCapability.HEADER, capability).contentType("application/json")
                .body(Map.of("bytes", 1)).put(RESERVATIONS + "/" + other).then().statusCode(403);
        given().header(TransferCapability.HEADER, capability).get(USERS + "/me").then().statusCode(401);
        // With it, blob-service grows and releases what the upload holds.
        given().header(TransferCapability.HEADER, capability).contentType("application/json")
                .body(Map.of("bytes", 5000)).put(RESERVATIONS + "/" + id).then().statusCode(200).body("bytes", equalTo(5000));
        me(owner).body("reservedBytes", equalTo(6000));
        given().header(TransferCapability.HEADER, capability).delete(RESERVATIONS + "/" + id).then().statusCode(204);
        me(owner).body("reservedBytes", equalTo(1000));
        claim(capability, id).statusCode(404).contentType(PROBLEM).body("detail", containsString("Create a new upload"));
    }

    @Test
    void aLinkWhoseReservationAnotherUploadOfTheImageSettledSaysTheBytesExist() {
        String owner = activatedUser("settled-link", GIB);
        String img = UUID.randomUUID().toString();
        events.send(ImageRegistered.of(owner, img, owner, "twice", "private"));
        reserve(owner, img, 100).statusCode(201);
        String second = reserve(owner, img, 100).statusCode(201).extract().path("reservationId");
        String capability = TestIdentities.capability(TransferCapability.upload(img, owner, java.util.Set.of(),
                Role.USER, second, 100, Instant.now().plusSeconds(60)));
        // The first upload's bytes are stored: both reservations of the image are settled.
        events.send(stored(owner, img, 100));
        eventually(() -> me(owner).body("reservedBytes", equalTo(0)));
        claim(capability, second).statusCode(409).contentType(PROBLEM).body("type", endsWith("/bytes-exist"))
                .body("detail", containsString("already has its bytes"));
    }

    @Test
    void storingTheBytesSettlesTheReservationAndFailureOrDeletionRelease() {
        String owner = activatedUser("settle", GIB);
        String img = UUID.randomUUID().toString();
        events.send(ImageRegistered.of(owner, img, owner, "settled", "private"));
        reserve(owner, img, 3000).statusCode(201);
        me(owner).body("reservedBytes", equalTo(3000));
        try (UsersTopic topic = UsersTopic.watch()) {
            events.send(stored(owner, img, 2500));
            UsageChanged settled = topic.await(UsageChanged.class, owner, u -> u.usedBytes() == 2500);
            assertEquals(0, settled.reservedBytes(), "the reservation goes in the same transaction as usage grows");
            assertEquals(1, settled.imageCount());
        }
        me(owner).body("usedBytes", equalTo(2500)).body("reservedBytes", equalTo(0)).body("imageCount", equalTo(1));

        String failing = UUID.randomUUID().toString();
        events.send(ImageRegistered.of(owner, failing, owner, "failing", "private"));
        reserve(owner, failing, 700).statusCode(201);
        events.send(BlobFailed.of(owner, failing, "the client went away", 100));
        eventually(() -> me(owner).body("reservedBytes", equalTo(0)).body("imageCount", equalTo(2)));
        image(owner, failing).body("status", equalTo("failed"));

        events.send(ImageDeleted.of(owner, img, owner, List.of("fs:///x/" + img), 2500));
        eventually(() -> me(owner).body("usedBytes", equalTo(0)).body("imageCount", equalTo(1)));
        image(owner, img).body("status", equalTo("deleted")).body("deletedAt", not(nullValue()));
    }

    @Test
    void growingAReservationPastTheQuotaIsRefused() {
        String owner = activatedUser("grow", 10_000);
        String img = UUID.randomUUID().toString();
        String id = reserve(owner, img, 4000).statusCode(201).extract().path("reservationId");
        resize(owner, id, 9000).statusCode(200).body("bytes", equalTo(9000)).body("reservationId", equalTo(id));
        JsonPath refusal = resize(owner, id, 12_000).statusCode(413).contentType(PROBLEM)
                .body("type", endsWith("/quota-exceeded")).extract().jsonPath();
        assertEquals(12_000, refusal.getLong("requestedBytes"));
        assertEquals(0, refusal.getLong("reservedBytes"), "the reservation's own bytes are not counted twice");
        me(owner).body("reservedBytes", equalTo(9000));
        resize(owner, id, 2000).statusCode(200).body("bytes", equalTo(2000));
        me(owner).body("reservedBytes", equalTo(2000));
        resize(owner, UUID.randomUUID().toString(), 1).statusCode(404).contentType(PROBLEM);
    }

    @Test
    void reservationsLeftTooLongAreReleased() {
        String owner = activatedUser("stale", 10_000);
        String id = reserve(owner, UUID.randomUUID().toString(), 6000).statusCode(201).extract().path("reservationId");
        assertTrue(reservationService.releaseExpired(Instant.now().plus(config.reservationMaxAge()).plusSeconds(60)) >= 1);
        me(owner).body("reservedBytes", equalTo(0));
        asUser(owner).delete(RESERVATIONS + "/" + id).then().statusCode(204);
        reserve(owner, UUID.randomUUID().toString(), 10_000).statusCode(201);
    }

    @Test
    void aQuotaChangeIsAnnouncedAsUsage() {
        String owner = activatedUser("quota", GIB);
        try (UsersTopic topic = UsersTopic.watch()) {
            asAdmin(newName("admin")).body(Map.of("quota", 2 * GIB)).patch(USERS + "/" + owner).then().statusCode(200);
            UsageChanged changed = topic.await(UsageChanged.class, owner);
            assertEquals(2 * GIB, changed.quota());
            assertEquals(0, changed.usedBytes());
        }
    }

    // ---- history ----

    @Test
    void historyShowsOwnersTheirOwnImagesAndAdminsEverything() {
        String owner = activatedUser("hist", GIB);
        String other = activatedUser("nosy", GIB);
        String admin = newName("admin");
        String img = UUID.randomUUID().toString();
        Instant t = Instant.parse("2026-11-20T10:00:00Z");
        events.send(ImageRegistered.of(owner, img, owner, "shown", "public"));
        events.send(stored(owner, img, 100));
        events.send(new ImageAccessed(UUID.randomUUID(), t, other, img, 100, true));
        events.send(new ImageAccessed(UUID.randomUUID(), t.plusSeconds(60), other, img, 40, false));
        events.send(new ImageAccessed(UUID.randomUUID(), t.plusSeconds(120), owner, img, 100, true));
        eventually(() -> image(owner, img).statusCode(200).body("total", equalTo(3)));

        image(owner, img).body("accessCount", equalTo(2)).body("bytesTransferred", equalTo(240))
                .body("lastAccess", equalTo(t.plusSeconds(120).toString()))
                .body("accesses.username", equalTo(List.of(owner, other, other)))
                .body("accesses.wholeImage", equalTo(List.of(true, false, true)))
                .body("accesses[1].bytes", equalTo(40)).body("accesses[1].at", equalTo(t.plusSeconds(60).toString()));
        asUser(owner).queryParam("limit", 1).queryParam("offset", 1).get(HISTORY + "/images/" + img).then()
                .statusCode(200).body("accesses.size()", equalTo(1)).body("accesses[0].bytes", equalTo(40))
                .body("total", equalTo(3));
        asUser(owner).get(HISTORY + "/images").then().statusCode(200).body("images.imgId", hasItem(img));

        String missing = asUser(other).get(HISTORY + "/images/" + UUID.randomUUID()).then().statusCode(404)
                .contentType(PROBLEM).extract().path("detail");
        String hidden = asUser(other).get(HISTORY + "/images/" + img).then().statusCode(404).contentType(PROBLEM)
                .extract().path("detail");
        assertEquals(missing.replaceAll("'[^']*'", "'x'"), hidden.replaceAll("'[^']*'", "'x'"),
                "someone else's image looks like a missing one");
        asUser(other).get(HISTORY + "/images").then().statusCode(200).body("images.imgId", not(hasItem(img)));
        asUser(other).queryParam("owner", owner).get(HISTORY + "/images").then().statusCode(403).contentType(PROBLEM);
        asAdmin(admin).queryParam("owner", owner).get(HISTORY + "/images").then().statusCode(200)
                .body("images.imgId", equalTo(List.of(img))).body("count", equalTo(1));
        asAdmin(admin).get(HISTORY + "/images/" + img).then().statusCode(200).body("owner", equalTo(owner));

        asUser(other).get(HISTORY + "/users/" + other).then().statusCode(200).body("downloads", equalTo(1))
                .body("bytesDownloaded", equalTo(140)).body("usedBytes", equalTo(0));
        asUser(other).get(HISTORY + "/users/" + owner).then().statusCode(403).contentType(PROBLEM);
        asUser(other).get(HISTORY + "/users").then().statusCode(403).contentType(PROBLEM);
        asAdmin(admin).get(HISTORY + "/users/" + owner).then().statusCode(200).body("usedBytes", equalTo(100))
                .body("imageCount", equalTo(1)).body("downloads", equalTo(1)).body("bytesDownloaded", equalTo(100))
                .body("quota", equalTo((int) GIB));
        asAdmin(admin).queryParam("limit", 2).get(HISTORY + "/users").then().statusCode(200).body("count", equalTo(2));
        asAdmin(admin).get(HISTORY + "/users/" + newName("nobody")).then().statusCode(404).contentType(PROBLEM);
        for (String bad : List.of("0", "1001", "many")) {
            asAdmin(admin).queryParam("limit", bad).get(HISTORY + "/images").then().statusCode(400)
                    .contentType(PROBLEM).body("detail", containsString("limit must be"));
        }
        asAdmin(admin).queryParam("offset", -1).get(HISTORY + "/users").then().statusCode(400).contentType(PROBLEM);
    }

    // ---- usage per day ----

    @Test
    void usagePerDayFollowsTheStoredBytesAndTheUsersOwnDownloads() {
        String owner = activatedUser("usage", GIB);
        String stranger = newName("stranger");
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        Instant jan10 = Instant.parse("2026-01-10T00:00:00Z");
        // a: 1000 bytes from Jan 10 18:00 to Jan 12 06:00; b: 500 bytes from Jan 11 00:00 on.
        events.send(new ImageRegistered(UUID.randomUUID(), jan10, owner, a, owner, "a", "private"));
        events.send(new ImageRegistered(UUID.randomUUID(), jan10, owner, b, owner, "b", "private"));
        events.send(new BlobStored(UUID.randomUUID(), jan10.plusSeconds(18 * 3600), owner, a, "fs:///a", 1000, SHA256, MD5));
        events.send(new BlobStored(UUID.randomUUID(), jan10.plusSeconds(24 * 3600), owner, b, "fs:///b", 500, SHA256, MD5));
        events.send(new ImageDeleted(UUID.randomUUID(), jan10.plusSeconds(54 * 3600), owner, a, owner, List.of("fs:///a"), 1000));
        // The owner's downloads count for them (of anyone's images); a stranger's download of theirs does not.
        events.send(new ImageAccessed(UUID.randomUUID(), jan10.plusSeconds(34 * 3600), owner, b, 1000, true));
        events.send(new ImageAccessed(UUID.randomUUID(), jan10.plusSeconds(35 * 3600), owner, b, 300, false));
        events.send(new ImageAccessed(UUID.randomUUID(), jan10.plusSeconds(35 * 3600), stranger, b, 500, true));
        events.send(new ImageAccessed(UUID.randomUUID(), jan10.plusSeconds(72 * 3600 - 1), owner, a, 500, true));
        eventually(() -> {
            // Every event applied, the last download of a too: a and b are keys of different partitions.
            image(owner, a).body("status", equalTo("deleted")).body("total", equalTo(1));
            image(owner, b).body("total", equalTo(3));
        });

        JsonPath usage = asUser(owner).queryParam("from", "2026-01-10").queryParam("to", "2026-01-13").get(USAGE)
                .then().statusCode(200).body("user", equalTo(owner)).body("from", equalTo("2026-01-10"))
                .body("to", equalTo("2026-01-13"))
                .body("days.day", equalTo(List.of("2026-01-10", "2026-01-11", "2026-01-12")))
                .extract().jsonPath();
        assertEquals(List.of(6000.0, 36000.0, 18000.0), List.of(usage.getDouble("days[0].storedByteHours"),
                usage.getDouble("days[1].storedByteHours"), usage.getDouble("days[2].storedByteHours")));
        assertEquals(List.of(0L, 1300L, 500L), List.of(usage.getLong("days[0].transferredBytes"),
                usage.getLong("days[1].transferredBytes"), usage.getLong("days[2].transferredBytes")));
        assertEquals(List.of(0L, 1L, 1L), List.of(usage.getLong("days[0].downloads"),
                usage.getLong("days[1].downloads"), usage.getLong("days[2].downloads")));
        assertEquals(60000.0, usage.getDouble("totals.storedByteHours"));
        assertEquals(1800L, usage.getLong("totals.transferredBytes"));
        assertEquals(2L, usage.getLong("totals.downloads"));

        asUser(owner).get(USAGE).then().statusCode(200).body("days.size()", equalTo(30));
        asUser(owner).queryParam("from", "10/01/2026").get(USAGE).then().statusCode(400).contentType(PROBLEM)
                .body("detail", containsString("YYYY-MM-DD"));
        asUser(owner).queryParam("from", "2026-01-13").queryParam("to", "2026-01-13").get(USAGE).then()
                .statusCode(400).contentType(PROBLEM).body("detail", containsString("must be before"));
        asUser(owner).queryParam("from", "2024-01-01").queryParam("to", "2026-01-13").get(USAGE).then()
                .statusCode(400).contentType(PROBLEM);
        asUser(stranger).queryParam("user", owner).get(USAGE).then().statusCode(403).contentType(PROBLEM);
        asUser(stranger).queryParam("user", "*").get(USAGE).then().statusCode(403).contentType(PROBLEM);
        JsonPath admins = asAdmin(newName("admin")).queryParam("user", owner).queryParam("from", "2026-01-11")
                .queryParam("to", "2026-01-12").get(USAGE).then().statusCode(200).extract().jsonPath();
        assertEquals(36000.0, admins.getDouble("totals.storedByteHours"));
        asAdmin(newName("admin")).queryParam("user", "*").queryParam("from", "2026-01-11").queryParam("to", "2026-01-12")
                .get(USAGE).then().statusCode(200).body("user", equalTo("*"));
    }

    // ---- reconciliation ----

    @Test
    void reconciliationReportsDriftFromTheCatalogAndRepairsIt() throws Exception {
        String drifted = activatedUser("drift", GIB);
        String exact = activatedUser("exact", GIB);
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        events.send(ImageRegistered.of(drifted, a, drifted, "a", "private"));
        events.send(stored(drifted, a, 1000));
        events.send(ImageRegistered.of(exact, b, exact, "b", "private"));
        events.send(stored(exact, b, 300));
        eventually(() -> {
            me(drifted).body("usedBytes", equalTo(1000)).body("imageCount", equalTo(1));
            me(exact).body("usedBytes", equalTo(300)).body("imageCount", equalTo(1));
        });
        String admin = newName("admin");
        String identity = TestIdentities.admin(admin);
        String path = USAGE + "/reconciliation";
        with(identity).post(path).then().statusCode(503).contentType(PROBLEM)
                .body("detail", containsString("cannot be reached"));

        // A narrow stand-in for catalog-service's GET /internal/v1/owners (its contract, not its code).
        AtomicReference<String> forwarded = new AtomicReference<>();
        HttpServer catalog = HttpServer.create(new InetSocketAddress("127.0.0.1", config.catalogUrl().getPort()), 0);
        catalog.createContext("/internal/v1/owners", exchange -> {
            forwarded.set(exchange.getRequestHeaders().getFirst(TestIdentities.HEADER));
            byte[] body = ("[{\"owner\":\"" + drifted + "\",\"images\":2,\"bytes\":1500},"
                    + "{\"owner\":\"" + exact + "\",\"images\":1,\"bytes\":300}]").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        catalog.start();
        try {
            asUser(drifted).post(path).then().statusCode(403).contentType(PROBLEM);
            JsonPath report = with(identity).post(path).then().statusCode(200).body("repaired", equalTo(0))
                    .extract().jsonPath();
            assertEquals(identity, forwarded.get(), "the caller's identity is forwarded to the catalog");
            assertTrue(report.getInt("checkedUsers") >= 2);
            assertEquals(Map.of("username", drifted, "recordedBytes", 1000, "actualBytes", 1500, "recordedImages", 1,
                    "actualImages", 2), report.getMap("drift.find { it.username == '" + drifted + "' }"));
            assertNull(report.get("drift.find { it.username == '" + exact + "' }"));
            me(drifted).body("usedBytes", equalTo(1000));

            try (UsersTopic topic = UsersTopic.watch()) {
                JsonPath repaired = with(identity).queryParam("repair", true).post(path).then().statusCode(200)
                        .extract().jsonPath();
                assertEquals(repaired.getList("drift").size(), repaired.getInt("repaired"));
                UsageChanged changed = topic.await(UsageChanged.class, drifted, u -> u.usedBytes() == 1500);
                assertEquals(2, changed.imageCount());
                assertEquals(admin, changed.actor());
            }
            me(drifted).body("usedBytes", equalTo(1500)).body("imageCount", equalTo(2));
            JsonPath again = with(identity).post(path).then().statusCode(200).extract().jsonPath();
            assertNull(again.get("drift.find { it.username == '" + drifted + "' }"), "nothing left to repair");
            with(identity).queryParam("repair", "maybe").post(path).then().statusCode(400).contentType(PROBLEM);
        } finally {
            catalog.stop(0);
        }
    }

    // ---- helpers ----

    private static BlobStored stored(String actor, String img, long size) {
        return BlobStored.of(actor, img, "fs:///" + UUID.randomUUID() + "/" + img, size, SHA256, MD5);
    }

    private static io.restassured.response.ValidatableResponse me(String name) {
        return asUser(name).get(USERS + "/me").then().statusCode(200);
    }

    private static io.restassured.response.ValidatableResponse image(String owner, String img) {
        return asUser(owner).get(HISTORY + "/images/" + img).then();
    }

    private static io.restassured.response.ValidatableResponse reserve(String owner, String img, long bytes) {
        return asUser(owner).body(Map.of("imgId", img, "bytes", bytes)).post(RESERVATIONS).then();
    }

    private static io.restassured.response.ValidatableResponse claim(String capability, String id) {
        return given().header(TransferCapability.HEADER, capability).post(RESERVATIONS + "/" + id + "/claim").then();
    }

    private static io.restassured.response.ValidatableResponse resize(String owner, String id, long bytes) {
        return asUser(owner).body(Map.of("bytes", bytes)).put(RESERVATIONS + "/" + id).then();
    }

    static void eventually(Runnable assertion) {
        await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).untilAsserted(assertion::run);
    }

    /** Makes the channel's consumer read {@code record}'s partition again from that record on. */
    private void seek(String channel, RecordMetadata record) {
        kafka.getConsumer(channel).seek(new TopicPartition(record.topic(), record.partition()), record.offset())
                .await().atMost(Duration.ofSeconds(20));
    }
}
