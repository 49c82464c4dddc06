package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale-out on one machine (issue 8, docs/adr/0015): {@code bin/stack up --replicas 2} runs two instances of every
 * service behind the stack's balancer, on config fs+postgres. 200 images are registered, uploaded and downloaded by
 * four clients at once; after a third of them one instance of each service is killed with SIGKILL, and the clients
 * go on against the survivors, trying again what the kill broke. Afterwards no event is lost and none applied
 * twice: every image's access count is the number of its downloads, in the catalog and in accounting's history,
 * and each user's usage is exactly the bytes of their images.
 */
class ScaleOutIT {

    private static final int IMAGES = 200;
    private static final int CLIENTS = 4;
    private static final int KILL_AFTER = IMAGES / 3;
    private static final int PORT_STEP = 1000;
    private static final List<String> USERS = List.of("alice", "bob");
    private static final List<String> KINDS = List.of("gateway", "catalog", "blob", "accounting", "triggers");
    private static final Map<String, Integer> BASE_PORTS = Map.of("gateway", 14080, "catalog", 14081,
            "blob", 14082, "accounting", 14083, "triggers", 14084);
    private static final String GATEWAY = "http://127.0.0.1:" + BASE_PORTS.get("gateway");
    private static final String KAFKA = "127.0.0.1:14092";
    private static final Path STATE = Stack.STATE.resolveSibling("stack-replicas");
    /**
     * A state folder and ports of its own (its layout is not the other e2e stacks', and it may run beside them):
     * the balancer on 14080-14084, instances 1000 ports apart from there.
     */
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("IMAGEREPO_STACK_DIR", STATE.toString()),
            Map.entry("IMAGEREPO_GATEWAY_PORT", "14080"), Map.entry("IMAGEREPO_CATALOG_PORT", "14081"),
            Map.entry("IMAGEREPO_BLOB_PORT", "14082"), Map.entry("IMAGEREPO_ACCOUNTING_PORT", "14083"),
            Map.entry("IMAGEREPO_TRIGGER_PORT", "14084"), Map.entry("IMAGEREPO_KAFKA_PORT", "14092"),
            Map.entry("IMAGEREPO_PG_PORT", "14432"), Map.entry("IMAGEREPO_URL", GATEWAY),
            Map.entry("IMAGEREPO_REPLICA_PORT_STEP", Integer.toString(PORT_STEP)),
            // The tick moves to the surviving trigger-service within seconds of the kill.
            Map.entry("IMAGEREPO_TRIGGERS_LEASE_DURATION", "6s"));
    private static final ObjectMapper JSON = new ObjectMapper();
    // Transfers are redirected to blob-service with a signed link (ADR 16): followed as curl -L does.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();

    private final Map<String, Grant> tokens = new ConcurrentHashMap<>();

    @BeforeAll
    static void up() {
        Stack.stackWith(ENV, "clean");
        Stack.Result up = Stack.stackWith(ENV, "up", "--config", "fs+postgres", "--replicas", "2").ok();
        System.out.printf("[e2e] bin/stack up --replicas 2 (fs+postgres) took %d s%n", up.took().toSeconds());
    }

    @AfterAll
    static void down() {
        Stack.stackWith(ENV, "down").ok();
    }

    /** What the clients did to one image. */
    static final class Image {
        final String user;
        final byte[] bytes;
        final String sha256;
        volatile String id;
        /** Earlier ids of this image, left pending when a kill kept their bytes from being announced. */
        final List<String> abandoned = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger downloads = new AtomicInteger();
        /** Downloads that failed on the client's side, however: the repository may have sent and counted them. */
        final AtomicInteger brokenDownloads = new AtomicInteger();

        Image(String user, byte[] bytes) {
            this.user = user;
            this.bytes = bytes;
            this.sha256 = sha256(bytes);
        }
    }

    @Test
    void twoHundredUploadsAndDownloadsSpreadOverTwoInstancesOfEachServiceSurviveAKilledInstanceOfEachExactly()
            throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        List<Image> images = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            byte[] bytes = new byte[32 * 1024 + random.nextInt(480 * 1024)];
            for (int b = 0; b < bytes.length; b += 8) {
                long v = random.nextLong();
                for (int k = 0; k < 8 && b + k < bytes.length; k++) {
                    bytes[b + k] = (byte) (v >>> (8 * k));
                }
            }
            images.add(new Image(USERS.get(i % USERS.size()), bytes));
        }
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger retries = new AtomicInteger();
        CountDownLatch killPoint = new CountDownLatch(KILL_AFTER);
        AtomicReference<Map<String, Map<String, Double>>> beforeKill = new AtomicReference<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < IMAGES; i = next.getAndIncrement()) {
                    Image image = images.get(i);
                    register(image, i, retries);
                    upload(image, i, retries);
                    download(image, retries);
                    done.incrementAndGet();
                    killPoint.countDown();
                }
                return null;
            }));
        }

        assertTrue(killPoint.await(10, TimeUnit.MINUTES), "a third of the images went through");
        // Both instances of every service have served by now: the balancer spreads requests, Kafka partitions.
        beforeKill.set(requestCounts());
        Stack.Result killed = Stack.stackWith(ENV, "kill", "gateway-1", "catalog-1", "blob-1", "accounting-1", "triggers-1").ok();
        System.out.printf("[e2e] after %d of %d images: %s", done.get(), IMAGES, killed.err());
        for (Future<?> client : running) {
            client.get(10, TimeUnit.MINUTES);
        }
        clients.shutdown();
        int brokenDownloads = images.stream().mapToInt(im -> im.brokenDownloads.get()).sum();
        System.out.printf("[e2e] %d images through; %d requests tried again after the kill, %d downloads broken mid-body%n",
                done.get(), retries.get(), brokenDownloads);

        Map<String, Map<String, Double>> counts = beforeKill.get();
        for (String kind : KINDS) {
            for (int instance = 1; instance <= 2; instance++) {
                String name = kind + "-" + instance;
                if (!kind.equals("triggers")) { // asked by nobody here: it only consumes
                    assertTrue(counts.get(name).get("requests") > 0, name + " served requests before the kill: " + counts);
                }
                if (!kind.equals("gateway")) { // the consumers share each topic's partitions
                    assertTrue(counts.get(name).get("partitions") > 0, name + " was assigned partitions: " + counts);
                }
            }
        }
        for (int instance = 1; instance <= 2; instance++) {
            Map<String, Double> blob = counts.get("blob-" + instance);
            assertTrue(blob.getOrDefault("uploads", 0.0) > 0 && blob.getOrDefault("downloads", 0.0) > 0,
                    "blob-" + instance + " took uploads and served downloads: " + blob);
        }
        System.out.printf("[e2e] requests per instance before the kill: %s%n", counts);

        // The killed instances come back (as an orchestrator restarts them); blob-1 sends what its outbox kept.
        Stack.stackWith(ENV, "up").ok();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> List.of("catalog-service", "accounting-service").stream().allMatch(g -> lag(g) == 0));

        // Read until at least every completed download's event is there (the console consumer may give up early).
        int completedDownloads = images.stream().mapToInt(im -> im.downloads.get()).sum();
        Map<String, Set<String>> accessEvents = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                .until(ScaleOutIT::accessEventIds, ids -> ids.values().stream().mapToInt(Set::size).sum() >= completedDownloads);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            for (Image image : images) {
                assertAccounted(image, accessEvents.getOrDefault(image.id, Set.of()).size());
            }
        });
        long recordedAccesses = accessEvents.values().stream().mapToLong(Set::size).sum();
        System.out.printf("[e2e] %d downloads completed, %d accesses recorded and counted once each%n",
                completedDownloads, recordedAccesses);

        for (String user : USERS) {
            long bytes = images.stream().filter(im -> im.user.equals(user)).mapToLong(im -> im.bytes.length).sum();
            long count = images.stream().filter(im -> im.user.equals(user)).count();
            JsonNode usage = get(user, "/api/v1/history/users/" + user);
            assertEquals(bytes, usage.get("usedBytes").asLong(), user + "'s usage is the bytes of their images: " + usage);
            // An abandoned id (upload-in-progress after the kill) keeps its reservation while its upload's end is
            // unknown: released when blob-1's outbox announces the stored bytes, when the faulty-images rule removes
            // the image, or at the reservation's maximum age. Any other reserved byte is a leak.
            long abandonedBytes = images.stream().filter(im -> im.user.equals(user))
                    .mapToLong(im -> (long) im.abandoned.size() * im.bytes.length).sum();
            long reserved = usage.get("reservedBytes").asLong();
            assertTrue(reserved <= abandonedBytes,
                    "no upload left space reserved but abandoned ones (" + abandonedBytes + " bytes): " + usage);
            System.out.printf("[e2e] %s: %d images (%s registered), usage %d bytes, exact%n", user, count,
                    usage.get("imageCount").asText(), bytes);
        }
        // accounting's books against the catalog's images (usage and image count of every user): no drift.
        HttpResponse<String> reconciled = HTTP.send(request("ada", "/api/v1/usage/reconciliation")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, reconciled.statusCode(), reconciled.body());
        assertEquals(0, JSON.readTree(reconciled.body()).get("drift").size(),
                "accounting's books agree with the catalog: " + reconciled.body());
        long abandoned = images.stream().mapToLong(im -> im.abandoned.size()).sum();
        System.out.printf("[e2e] reconciliation: no drift; %d image(s) left pending by the kill%n", abandoned);
        String triggersLog = Files.readString(STATE.resolve("logs/triggers-2.log"));
        assertTrue(triggersLog.contains("runs the tick now"), "the surviving trigger-service took the tick over");
    }

    /**
     * Each image's access count, in the catalog and in accounting's books and history rows, is the number of access
     * events blob-service recorded for it (each counted once, however often Kafka delivered it); and it is at least
     * the downloads that completed, at most those and the ones a kill broke after the repository sent every byte.
     */
    private void assertAccounted(Image image, int recorded) throws Exception {
        JsonNode shown = get(image.user, "/api/v1/images/" + image.id);
        assertEquals("available", shown.get("imgStatus").asText());
        assertEquals(image.bytes.length, shown.get("size").asLong());
        assertEquals(recorded, shown.get("accessCount").asInt(), "catalog's count of " + image.id);
        JsonNode history = get(image.user, "/api/v1/history/images/" + image.id);
        assertEquals(recorded, history.get("accessCount").asInt(), "accounting's count of " + image.id + ": " + history);
        assertEquals(recorded, history.get("total").asInt(), "accounting's history rows of " + image.id);
        int completed = image.downloads.get();
        assertTrue(recorded >= completed && recorded <= completed + image.brokenDownloads.get(),
                image.id + ": " + recorded + " accesses recorded for " + completed + " downloads completed and "
                        + image.brokenDownloads.get() + " broken");
    }

    private void register(Image image, int i, AtomicInteger retries) throws Exception {
        String body = "{\"name\":\"scale-" + i + ".img\",\"os\":\"ubuntu\",\"permission\":\"private\"}";
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> created = HTTP.send(request(image.user, "/api/v1/images")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (created.statusCode() == 201) {
                    image.id = JSON.readTree(created.body()).get("imgId").asText();
                    return;
                }
                retryable(created.statusCode(), created.body(), attempt);
            } catch (IOException e) {
                giveUpAfter(attempt, e);
            }
            retries.incrementAndGet();
            Thread.sleep(200L * attempt);
        }
    }

    /**
     * Puts the bytes; after a failure, what the repository says decides. {@code bytes-exist}: an earlier try was
     * stored after all (its answer was lost to the kill). {@code upload-in-progress} that does not become available:
     * a blob-service killed after storing the bytes, before Kafka had their event, left them unannounced; the image
     * stays pending (the faulty-images rule removes it in time), and the client registers the image again.
     */
    private void upload(Image image, int i, AtomicInteger retries) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<String> put = HTTP.send(request(image.user, "/api/v1/images/" + image.id + "/file")
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(image.bytes)).build(), HttpResponse.BodyHandlers.ofString());
                if (put.statusCode() == 201 || put.statusCode() == 409 && put.body().contains("bytes-exist")) {
                    awaitAvailable(image);
                    return;
                }
                if (put.statusCode() == 409 && put.body().contains("upload-in-progress")) {
                    if (availableWithin(image, Duration.ofSeconds(20))) {
                        return;
                    }
                    System.out.printf("[e2e] %s stays pending with unannounced bytes: registering again%n", image.id);
                    image.abandoned.add(image.id);
                    register(image, i, retries);
                    continue;
                }
                retryable(put.statusCode(), put.body(), attempt);
            } catch (IOException e) {
                giveUpAfter(attempt, e);
            }
            retries.incrementAndGet();
            Thread.sleep(200L * attempt);
        }
    }

    private boolean availableWithin(Image image, Duration wait) {
        try {
            await().atMost(wait).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() ->
                    "available".equals(get(image.user, "/api/v1/images/" + image.id).get("imgStatus").asText()));
            awaitAvailable(image);
            return true;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            return false;
        }
    }

    private void awaitAvailable(Image image) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
            JsonNode shown = get(image.user, "/api/v1/images/" + image.id);
            if ("available".equals(shown.get("imgStatus").asText())) {
                assertEquals(image.sha256, shown.get("sha256").asText(), "the stored bytes are the uploaded ones");
                return true;
            }
            return false;
        });
    }

    private void download(Image image, AtomicInteger retries) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                HttpResponse<InputStream> got = HTTP.send(request(image.user, "/api/v1/images/" + image.id + "/file")
                        .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (got.statusCode() == 200) {
                    byte[] body;
                    try (InputStream in = got.body()) {
                        body = in.readAllBytes();
                    }
                    if (body.length == image.bytes.length && sha256(body).equals(image.sha256)) {
                        image.downloads.incrementAndGet();
                        return;
                    }
                    image.brokenDownloads.incrementAndGet();
                } else {
                    // A 502 from the balancer may come after blob-service sent every byte to a gateway now dead.
                    image.brokenDownloads.incrementAndGet();
                    String problem;
                    try (InputStream in = got.body()) {
                        problem = new String(in.readAllBytes());
                    }
                    retryable(got.statusCode(), problem, attempt);
                }
            } catch (IOException e) {
                // Before or after the answer's head: blob-service may have sent (and counted) every byte.
                image.brokenDownloads.incrementAndGet();
                giveUpAfter(attempt, e);
            }
            retries.incrementAndGet();
            Thread.sleep(200L * attempt);
        }
    }

    /** A failure a killed instance explains (its connections reset, the balancer's 502) is tried again, a while. */
    private static void retryable(int status, String body, int attempt) {
        if (status != 502 && status != 503 && status != 504 || attempt >= 20) {
            throw new AssertionError("HTTP " + status + " after " + attempt + " tries: " + body);
        }
    }

    private static void giveUpAfter(int attempt, IOException e) {
        if (attempt >= 20) {
            throw new AssertionError("still failing after " + attempt + " tries", e);
        }
    }

    private HttpRequest.Builder request(String user, String path) throws Exception {
        return HttpRequest.newBuilder(URI.create(GATEWAY + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token(user));
    }

    /** A user's token and when it was fetched: renewed with its refresh token after two minutes (of five). */
    private record Grant(long at, JsonNode answer) {
    }

    private synchronized String token(String user) throws Exception {
        Grant grant = tokens.get(user);
        long now = System.currentTimeMillis();
        if (grant == null) {
            grant = new Grant(now, Tokens.passwordGrant("imagerepo-cli", user));
        } else if (now - grant.at() > 120_000) {
            grant = new Grant(now, Tokens.refreshGrant("imagerepo-cli", grant.answer().get("refresh_token").asText()));
        }
        tokens.put(user, grant);
        return grant.answer().get("access_token").asText();
    }

    private JsonNode get(String user, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(request(user, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /**
     * Per instance: HTTP requests served (health and metrics are not counted), Kafka partitions assigned to its
     * consumers, and blob's uploads and downloads.
     */
    private static Map<String, Map<String, Double>> requestCounts() throws Exception {
        Map<String, Map<String, Double>> counts = new HashMap<>();
        for (String kind : KINDS) {
            for (int instance = 1; instance <= 2; instance++) {
                int port = BASE_PORTS.get(kind) + PORT_STEP * instance;
                String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                        .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                Map<String, Double> of = new HashMap<>();
                of.put("requests", sum(metrics, "http_server_requests_seconds_count{"));
                of.put("uploads", sum(metrics, "imagerepo_uploads_total{"));
                of.put("downloads", sum(metrics, "imagerepo_downloads_total{"));
                of.put("partitions", sum(metrics, "kafka_consumer_coordinator_assigned_partitions{"));
                counts.put(kind + "-" + instance, of);
            }
        }
        return counts;
    }

    private static double sum(String metrics, String prefix) {
        double total = 0;
        for (String line : metrics.split("\n")) {
            if (line.startsWith(prefix)) {
                String value = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+")[0];
                total += Double.parseDouble(value);
            }
        }
        return total;
    }

    /** The ids of the access events in Kafka, by image: what blob-service recorded, duplicates collapsed. */
    private static Map<String, Set<String>> accessEventIds() throws IOException {
        String records = Stack.kafkaWith(ENV, null, "console-consumer", "--bootstrap-server", KAFKA,
                "--topic", "imagerepo.access", "--from-beginning", "--timeout-ms", "15000").out();
        Map<String, Set<String>> ids = new HashMap<>();
        int all = 0;
        for (String line : records.split("\n")) {
            if (line.isBlank() || !line.startsWith("{")) {
                continue;
            }
            JsonNode event = JSON.readTree(line);
            if ("ImageAccessed".equals(event.path("type").asText()) && event.path("wholeImage").asBoolean()) {
                ids.computeIfAbsent(event.get("imageId").asText(), k -> new HashSet<>()).add(event.get("eventId").asText());
                all++;
            }
        }
        System.out.printf("[e2e] %d access records in Kafka, %d distinct events%n", all,
                ids.values().stream().mapToInt(Set::size).sum());
        return ids;
    }

    private static long lag(String group) {
        return Stack.consumerLag(ENV, KAFKA, group);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
