package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.e2e.Stack.cli;
import static org.imagerepo.e2e.TestFiles.json;
import static org.imagerepo.e2e.TestFiles.randomFile;
import static org.imagerepo.e2e.TestFiles.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The active repository end to end (issue 5, docs/adr/0010) against a real Kafka: accounting from events,
 * exact under redelivery; quota refused before a byte is stored; a rain reservation sent with Kafka's own
 * console producer staged before its start and removed after its end; a dry run that changes nothing; a copy
 * corrupted on disk found by reading it back, and removed by rule faulty-images while the intact copy stays.
 * Uploads go to S3 (S3Proxy), the reservations' target is the filesystem store.
 */
class ActiveRepositoryIT {

    private static final String CONFIG = "s3+mongo";
    private static final String TARGET_STORE = "fs";
    // Transfers are redirected to blob-service with a signed link (ADR 16): followed as curl -L does.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    /** The images this class made, removed at the end (the e2e stack's data outlives the stack). */
    private static final List<String> CREATED = new CopyOnWriteArrayList<>();

    @TempDir
    static Path files;

    @BeforeAll
    static void up() {
        Stack.upWithSecondStore(TARGET_STORE);
    }

    @AfterAll
    static void down() {
        for (String id : CREATED) {
            cli("ada", "remove", id);
        }
        for (String component : new String[]{"accounting", "triggers"}) {
            System.out.printf("[e2e] peak resident memory of %s: %d MiB%n", component, Stack.peakResidentMiB(component));
        }
        Stack.stack("down").ok();
    }

    @Test
    void aHundredDownloadsCountAHundredTimesEvenAfterEveryConsumerRestartsAndEveryEventIsRedelivered() throws Exception {
        String id = put("alice", "counted.img", 256 * 1024);
        String token = Tokens.password("imagerepo-cli", "alice");
        for (int i = 0; i < 100; i++) {
            HttpResponse<Void> download = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.GATEWAY + "/api/v1/images/" + id + "/file"))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding());
            assertEquals(200, download.statusCode(), "download " + i);
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertCounted(id, 100));

        // Every consumer of the access and image events stops; their offsets go back to the start of every
        // topic, so each event is delivered again when they return.
        Stack.stack("stop", "catalog", "accounting", "triggers", "blob").ok();
        List<String> groups = List.of("catalog-service", "accounting-service");
        for (String group : groups) {
            // Static members (issue 17) do not leave on a clean stop: their session lapses first.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> Stack.kafka(null,
                    "consumer-groups", "--bootstrap-server", Stack.kafkaBootstrap(), "--describe", "--group", group,
                    "--state").ok().out().contains("Empty"));
            Stack.kafka(null, "consumer-groups", "--bootstrap-server", Stack.kafkaBootstrap(), "--group", group,
                    "--reset-offsets", "--to-earliest", "--all-topics", "--execute").ok();
            long lag = lag(group);
            assertTrue(lag >= 100, group + " has the 100 access events to read again");
            System.out.printf("[e2e] %s reset to the start of its topics: %d records to read again%n", group, lag);
        }
        Stack.stack("up").ok();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> groups.stream().allMatch(group -> lag(group) == 0));
        assertCounted(id, 100);
    }

    @Test
    void anUploadOverQuotaIsRefusedNamingQuotaAndUsageAndStoresNothing() throws Exception {
        put("alice", "first.img", 1024 * 1024); // some usage to name
        JsonNode before = json(cli("alice", "histuser", "alice", "-o", "json").ok().out());
        long used = before.get("usedBytes").asLong();
        long quota = before.get("quota").asLong();
        cli("ada", "user", "set-quota", "alice", Long.toString(used + 512 * 1024)).ok();
        List<Path> objectsBefore = s3Objects();
        try {
            Path big = randomFile(files, "too-big.img", 1024 * 1024);
            Stack.Result refused = cli("alice", "put", big.toString(), "--os", "ubuntu");
            assertNotEquals(0, refused.exit(), "an upload over quota fails: " + refused);
            assertTrue(refused.err().contains("quota"), refused.err());
            System.out.printf("[e2e] the over-quota put said: %s%n", refused.err().trim());
            assertTrue(refused.err().matches("(?s).*\\d.*"), "the message names the figures: " + refused.err());

            JsonNode after = json(cli("alice", "histuser", "alice", "-o", "json").ok().out());
            assertEquals(used, after.get("usedBytes").asLong(), "usage is unchanged");
            assertEquals(0, after.get("reservedBytes").asLong(), "no space stays reserved");
            JsonNode listed = json(cli("alice", "query", "* where name=too-big.img", "-o", "json").ok().out());
            assertEquals(0, listed.get("count").asInt(), "no half image is visible: " + listed);
            assertEquals(objectsBefore, s3Objects(), "no bytes were stored in the image store");
        } finally {
            cli("ada", "user", "set-quota", "alice", Long.toString(quota)).ok();
        }
    }

    @Test
    void aReservationSentWithKafkasConsoleProducerIsStagedBeforeItsStartAndRemovedAfterItsEnd() throws Exception {
        String id = put("alice", "staged.img", 512 * 1024);
        cli("ada", "rule", "set", "rain-prestaging", "lead-time=PT15S", "release-delay=PT0S").ok();
        String reservation = "r-" + UUID.randomUUID();
        Instant start = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        Instant end = start.plusSeconds(10);
        String record = reservation + "|{\"reservationId\":\"" + reservation + "\",\"imageId\":\"" + id
                + "\",\"target\":\"" + TARGET_STORE + "\",\"start\":\"" + start + "\",\"end\":\"" + end + "\"}";
        Stack.kafka(record + "\n", "console-producer", "--bootstrap-server", Stack.kafkaBootstrap(),
                "--topic", "imagerepo.rain.reservations", "--property", "parse.key=true", "--property", "key.separator=|").ok();

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                .until(() -> stagedLocation(id) != null);
        Instant staged = Instant.now();
        assertTrue(staged.isBefore(start), "staged at " + staged + ", before the start " + start);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> stagedLocation(id) == null);
        Instant removed = Instant.now();
        assertTrue(removed.isAfter(end), "removed at " + removed + ", after the end " + end);
        assertTrue(json(cli("alice", "show", id, "-o", "json").ok().out()).get("locations").size() >= 1,
                "the image keeps its own copy");

        JsonNode actions = json(cli("ada", "actions", "--rule", "rain-prestaging", "--subject", reservation, "-o", "json").ok().out());
        String recorded = actions.toString();
        assertTrue(recorded.contains("staged") && recorded.contains("removed"), "both steps are recorded: " + recorded);
        System.out.printf("[e2e] reservation staged %d s before its start, its copy removed %d s after its end%n",
                Duration.between(staged, start).toSeconds(), Duration.between(end, removed).toSeconds());
    }

    @Test
    void aReservationForAMissingImageAsksForItToBeGeneratedAndFails() {
        String reservation = "r-" + UUID.randomUUID();
        String missing = UUID.randomUUID().toString();
        Instant start = Instant.now().plusSeconds(5);
        String record = reservation + "|{\"reservationId\":\"" + reservation + "\",\"imageId\":\"" + missing
                + "\",\"target\":\"" + TARGET_STORE + "\",\"start\":\"" + start + "\",\"end\":\"" + start.plusSeconds(60) + "\"}";
        Stack.kafka(record + "\n", "console-producer", "--bootstrap-server", Stack.kafkaBootstrap(),
                "--topic", "imagerepo.rain.reservations", "--property", "parse.key=true", "--property", "key.separator=|").ok();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String actions = cli("ada", "actions", "--rule", "rain-prestaging", "--subject", reservation, "-o", "json").ok().out();
            assertTrue(actions.contains("failed") && actions.contains("generat"), actions);
        });
    }

    @Test
    void aDryRunOfTheUnusedImagesRuleListsWhatItWouldRemoveAndChangesNothing() throws Exception {
        String id = put("bob", "never-used.img", 64 * 1024);
        cli("ada", "rule", "set", "unused-images", "unused-after=PT1S", "grace-period=PT1S").ok();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                String wouldDo = cli("ada", "rule", "run", "unused-images", "--dry-run", "-o", "json").ok().out();
                assertTrue(wouldDo.contains(id), "the dry run lists bob's unused image: " + wouldDo);
            });
            JsonNode image = json(cli("bob", "show", id, "-o", "json").ok().out());
            assertEquals("available", image.get("imgStatus").asText(), "the image is still there");
            String recorded = cli("ada", "actions", "--rule", "unused-images", "--subject", id, "-o", "json").ok().out();
            JsonNode rows = json(recorded).get("items");
            assertTrue(rows.size() >= 1, "the dry run is recorded: " + recorded);
            for (JsonNode action : rows) {
                assertEquals("dry-run", action.get("outcome").asText(), "only dry-run actions: " + recorded);
            }
        } finally {
            cli("ada", "rule", "set", "unused-images", "unused-after=P90D", "grace-period=P7D").ok();
        }
    }

    @Test
    void aCopyCorruptedBehindTheRepositorysBackFailsVerifyAndTheFaultyImagesRuleRemovesItKeepingTheIntactOne() throws Exception {
        String id = put("carol", "corrupted.img", 256 * 1024);
        String expected = sha256(files.resolve("corrupted.img"));
        List<String> uploaded = locations("carol", id);
        assertEquals(1, uploaded.size(), "one copy after the upload: " + uploaded);
        String s3 = uploaded.get(0);
        assertTrue(s3.startsWith("s3:"), "the upload landed in the config's own store: " + s3);
        String fs = cli("carol", "copy", id, "--to", TARGET_STORE).ok().out().trim();
        assertTrue(fs.startsWith(TARGET_STORE + ":"), "the copy is in the fs store: " + fs);

        // One byte flipped on disk, where no service sees it happen: only reading the bytes back can tell.
        Path onDisk = fsFile(fs);
        assertTrue(Files.isRegularFile(onDisk), "the fs copy " + fs + " is the file " + onDisk);
        flipByte(onDisk, 128 * 1024);

        Stack.Result verify = cli("carol", "verify", id);
        assertEquals(1, verify.exit(), "verify fails when a copy is not intact: " + verify);
        Map<String, String> statusByStore = verifyStatusByStore(verify.out());
        assertEquals(Map.of("s3", "ok", TARGET_STORE, "mismatch"), statusByStore, "the table:\n" + verify.out());
        assertTrue(verify.err().contains("1 of 2 copies are not intact"), verify.err());

        cli("ada", "rule", "set", "faulty-images", "verify-every=1ms").ok();
        try {
            cli("ada", "rule", "run", "faulty-images").ok();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertEquals(List.of(s3), locations("carol", id), "only the intact copy is left"));
        } finally {
            cli("ada", "rule", "set", "faulty-images", "verify-every=P7D").ok();
        }

        String recorded = cli("ada", "actions", "--rule", "faulty-images", "--subject", id, "-o", "json").ok().out();
        List<JsonNode> removals = new ArrayList<>();
        json(recorded).get("items").forEach(action -> {
            if (action.get("action").asText().equals("removed-copy")) {
                removals.add(action);
            }
        });
        assertEquals(1, removals.size(), "one copy was removed: " + recorded);
        JsonNode removal = removals.get(0);
        assertEquals("done", removal.get("outcome").asText(), recorded);
        String reason = removal.get("reason").asText();
        // The reason may name the intact copy too (as the one to copy from); the corrupt one is the fs copy.
        assertTrue(reason.startsWith("the copy " + fs + " is corrupt"), "the reason names the corrupt fs copy: " + reason);

        JsonNode image = json(cli("carol", "show", id, "-o", "json").ok().out());
        assertEquals("available", image.get("imgStatus").asText(), "the image keeps its intact copy and stays usable");
        Path back = files.resolve("corrupted-back.img");
        cli("carol", "get", id, "-o", back.toString()).ok();
        assertEquals(expected, sha256(back), "the download is the uploaded bytes");
        cli("carol", "verify", id).ok(); // exit 0: every copy left is intact
    }

    /** Puts a random file of {@code size} bytes as {@code user}; the id, remembered for the clean-up. */
    private static String put(String user, String name, long size) throws IOException {
        Path file = randomFile(files, name, size);
        String id = cli(user, "put", file.toString(), "--os", "ubuntu").ok().out().trim();
        CREATED.add(id);
        return id;
    }

    /** The image's locations as the catalog lists them. */
    private static List<String> locations(String user, String id) throws IOException {
        List<String> locations = new ArrayList<>();
        json(cli(user, "show", id, "-o", "json").ok().out()).get("locations").forEach(l -> locations.add(l.asText()));
        return locations;
    }

    /**
     * The file behind a location of the stack's fs store: blob-service's data dir is {@code blob} in the config's
     * state folder (bin/stack), its fs root {@code images/} under it, and {@code fs:///ab/<key>} is
     * {@code objects/ab/<key>}.
     */
    private static Path fsFile(String location) {
        String prefix = TARGET_STORE + ":///";
        assertTrue(location.startsWith(prefix), location);
        return Stack.configState(CONFIG).resolve("blob/images/objects").resolve(location.substring(prefix.length()));
    }

    /** Inverts the byte at {@code position} in place: same size, other bytes. */
    private static void flipByte(Path file, long position) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, channel.read(one, position));
            one.put(0, (byte) ~one.get(0)).rewind();
            assertEquals(1, channel.write(one, position));
            channel.force(false);
        }
    }

    /** The status column of {@code imagerepo verify}'s table by its store column (locations may be cut short). */
    private static Map<String, String> verifyStatusByStore(String table) {
        String[] lines = table.strip().split("\n");
        assertEquals(List.of("location", "store", "status", "size", "sha256", "message"),
                List.of(lines[0].trim().split("\\s+")), "the header: " + table);
        Map<String, String> statuses = new java.util.HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].trim().split("\\s+", 6);
            statuses.put(cells[1], cells[2]);
        }
        return statuses;
    }

    private static void assertCounted(String id, int downloads) throws IOException {
        JsonNode shown = json(cli("alice", "show", id, "-o", "json").ok().out());
        assertEquals(downloads, shown.get("accessCount").asInt(), "the catalog's count");
        JsonNode history = json(cli("alice", "histimg", id, "-o", "json").ok().out());
        assertEquals(downloads, history.get("accessCount").asInt(), "accounting's count: " + history);
        assertEquals(downloads, history.get("total").asInt(), "accounting's history rows");
    }

    /** The copy of {@code id} in the target store, or null. */
    private static String stagedLocation(String id) throws IOException {
        for (JsonNode location : json(cli("alice", "show", id, "-o", "json").ok().out()).get("locations")) {
            if (location.asText().startsWith(TARGET_STORE + ":")) {
                return location.asText();
            }
        }
        return null;
    }

    private static long lag(String group) {
        return Stack.consumerLag(Map.of(), Stack.kafkaBootstrap(), group);
    }

    /** Every file in the S3 server's buckets (S3Proxy's filesystem backend: one file per object or part). */
    private static List<Path> s3Objects() {
        try (Stream<Path> all = Files.walk(Stack.configState(CONFIG))) {
            return new ArrayList<>(all.filter(Files::isRegularFile).filter(p -> p.toString().contains("/buckets/"))
                    .sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
