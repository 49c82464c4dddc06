package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.imagerepo.support.identity.Role;
import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Set;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
 * The walking skeleton end to end: {@code bin/stack up}, then the CLI through the gateway, over a real
 * Kafka, every service at {@code -Xmx256m}. Image bytes take the default data path, one hop to blob-service with
 * the gateway's signed links (ADR 16); {@link WalkingSkeletonProxyIT} runs every test again in proxy mode.
 */
class WalkingSkeletonIT {

    /** Whether the stack under test sends image bytes to blob-service directly (ADR 16), or through the gateway. */
    static boolean direct = true;
    static final String BLOB = "http://127.0.0.1:18082";

    /** The default configuration's fs store. */
    private static final Path OBJECTS = Stack.configState("fs+h2").resolve("blob/images/objects");
    private static final Path INCOMING = Stack.configState("fs+h2").resolve("blob/images/incoming");

    @TempDir
    static Path files;

    @BeforeAll
    static void up() {
        direct = true;
        Stack.stack("down");
        Stack.Result up = Stack.stack("up").ok();
        System.out.printf("[e2e] bin/stack up took %d s%n", up.took().toSeconds());
    }

    @AfterAll
    static void down() {
        for (String component : new String[]{"gateway", "catalog", "blob", "accounting", "kafka"}) {
            System.out.printf("[e2e] peak resident memory of %s: %d MiB%n", component, Stack.peakResidentMiB(component));
        }
        Stack.stack("down").ok();
    }

    @Test
    void anImageGoesInIsFoundComesOutIsCountedAndIsRemoved() throws Exception {
        Path image = randomFile(files, "ubuntu.img", 50L * 1024 * 1024);
        String id = cli("alice", "put", image.toString(), "--os", "ubuntu", "--tag", "hadoop", "--vmtype", "kvm")
                .ok().out().trim();
        assertEquals(36, id.length(), "put prints only the new id: " + id);

        JsonNode found = json(cli("alice", "query", "* where os=ubuntu", "-o", "json").ok().out());
        assertTrue(found.toString().contains(id), "query lists the image: " + found);
        JsonNode othersSee = json(cli("bob", "query", "* where os=ubuntu", "-o", "json").ok().out());
        assertFalse(othersSee.toString().contains(id), "another user's query does not return alice's private image: " + othersSee);

        Path copy = files.resolve("copy.img");
        cli("alice", "get", id, "-o", copy.toString()).ok();
        assertEquals(sha256(image), sha256(copy));

        Instant downloaded = Instant.now();
        // Counting goes through Kafka: awaited, and how long it took printed (timings are not asserted here).
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode shown = json(cli("alice", "show", id, "-o", "json").ok().out());
            assertEquals(1, shown.get("accessCount").asInt());
            assertFalse(shown.get("lastAccess").isNull());
        });
        System.out.printf("[e2e] accessCount visible %d ms after the download%n",
                Duration.between(downloaded, Instant.now()).toMillis());

        Path stored = OBJECTS.resolve(id.substring(0, 2)).resolve(id);
        assertTrue(Files.exists(stored), "bytes on disk at " + stored);
        cli("alice", "remove", id).ok();
        assertFalse(cli("alice", "query", "* where os=ubuntu", "-o", "json").ok().out().contains(id));
        await().atMost(Duration.ofSeconds(20)).until(() -> !Files.exists(stored));
    }

    @Test
    void aTwoGigabyteImageGoesUpAndDownThroughSmallHeaps() throws Exception {
        long size = 2L * 1024 * 1024 * 1024;
        Path image = randomFile(files, "big.img", size);
        String expected = sha256(image);
        Stack.Result put = cli("bob", "put", image.toString(), "--name", "big").ok();
        String id = put.out().trim();
        Path copy = files.resolve("big-copy.img");
        Stack.Result get = cli("bob", "get", id, "-o", copy.toString()).ok();
        assertEquals(expected, sha256(copy));
        System.out.printf("[e2e] 2 GiB through the gateway: put %.1f s (%.0f MiB/s), get %.1f s (%.0f MiB/s)%n",
                put.took().toMillis() / 1000.0, 2048 / (put.took().toMillis() / 1000.0),
                get.took().toMillis() / 1000.0, 2048 / (get.took().toMillis() / 1000.0));
        Files.delete(image);
        Files.delete(copy);
        cli("bob", "remove", id).ok();
    }

    @Test
    void anUploadCutOffMidwayLeavesNoImageAndNoBytes() throws Exception {
        Path image = randomFile(files, "cut.img", 1024L * 1024 * 1024);
        String name = "cut-" + UUID.randomUUID().toString().substring(0, 8);
        Process put = Stack.startCli("carol", "put", image.toString(), "--name", name);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> partialBytes() > 50_000_000);
        put.destroyForcibly().waitFor();

        String id = await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode rows = json(cli("carol", "query", "imgId where name=^" + name + "$", "-o", "json").ok().out());
            return rows.get("images").size() == 1 ? rows.get("images").get(0).get("imgId").asText() : null;
        }, java.util.Objects::nonNull);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertEquals("failed", json(cli("carol", "show", id, "-o", "json").ok().out()).get("imgStatus").asText()));
        Stack.Result get = cli("carol", "get", id, "-o", files.resolve("never.img").toString());
        assertNotEquals(0, get.exit());
        assertTrue(get.err().contains("failed"), get.err());
        assertFalse(Files.exists(files.resolve("never.img")));
        await().atMost(Duration.ofSeconds(20)).until(() -> partialBytes() == 0);
        assertFalse(Files.exists(OBJECTS.resolve(id.substring(0, 2)).resolve(id)));
        Files.delete(image);
    }

    @Test
    void badInputGetsAMessageAndANonZeroExit() throws Exception {
        Path image = randomFile(files, "small.img", 1024);
        String id = cli("dave", "put", image.toString()).ok().out().trim();
        assertRefused(cli("dave", "query", "* where os=ubuntu,"), "position");
        assertRefused(cli("dave", "query", "* where colour=red"), "Unknown field 'colour'");
        assertRefused(cli("dave", "put", image.toString(), "--vmtype", "hyperv"), "none, xen, kvm, virtualbox, vmware");
        assertRefused(cli("dave", "modify", id, "size=5"), "'size' is set by the system");
        assertRefused(cli("dave", "show", "no-such-image"), "No image with id 'no-such-image'");
        assertRefused(cli("erin", "remove", id), "No image with id");
        cli("dave", "remove", id).ok();
    }

    @Test
    void curlFollowsTheGatewaysLinksBothWays() throws Exception {
        String token = Tokens.password("imagerepo-cli", "alice");
        String id = Transfers.register(token, "curl.img");
        Path image = randomFile(files, "curl.img", 3L * 1024 * 1024);
        // Above 1 MiB curl asks 100-continue first: in direct mode the gateway's 307 comes before any body byte.
        Stack.Result put = curl("-sS", "-f", "-L", "-T", image.toString(), "-H", "Authorization: Bearer " + token,
                "-H", "Content-Type: application/octet-stream", Stack.GATEWAY + "/api/v1/images/" + id + "/file");
        assertEquals(sha256(image), json(put.out()).get("sha256").asText(), put.out());
        await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(
                json(cli("alice", "show", id, "-o", "json").ok().out()).get("imgStatus").asText()));
        String where = curl("-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}",
                "-H", "Authorization: Bearer " + token, Stack.GATEWAY + "/api/v1/images/" + id + "/file").out();
        if (direct) {
            assertTrue(where.startsWith("307 " + BLOB + "/transfers/images/" + id + "/file?capability="), where);
        } else {
            assertEquals("200 ", where);
        }
        Path copy = files.resolve("curl-copy.img");
        curl("-sS", "-f", "-L", "-o", copy.toString(), "-H", "Authorization: Bearer " + token,
                Stack.GATEWAY + "/api/v1/images/" + id + "/file");
        assertEquals(sha256(image), sha256(copy));
        cli("alice", "remove", id).ok();
    }

    @Test
    void anUploadLinkUploadsOnceItsOwnImageAndNothingElse() throws Exception {
        String token = Tokens.password("imagerepo-cli", "alice");
        String id = Transfers.register(token, "link.img");
        String other = Transfers.register(token, "other.img");
        byte[] bytes = new byte[1024];
        String link = Transfers.absolute(Transfers.uploadLink(token, id, bytes.length));
        if (direct) {
            assertTrue(link.startsWith(BLOB + "/transfers/images/" + id + "/file?capability="), link);
        }
        // For another image, for a download, or from another repository's gateway: refused, and nothing used up.
        assertRefusal(put(link.replace(id, other), token, bytes), 403, "another image");
        assertRefusal(Transfers.send(Transfers.request(link, token).GET()), 403, "not for downloading");
        String forged = link.substring(0, link.indexOf("capability=") + "capability=".length())
                + TransferCapabilities.sign(TransferCapability.upload(id, "alice", Set.of(), Role.USER, "any", 1024,
                Instant.now().plusSeconds(60)), otherGatewaysKey());
        assertRefusal(put(forged, token, bytes), 401, "not issued by this repository's gateway");
        assertEquals(201, put(link, token, bytes).statusCode());
        // Once: 409 capability-used while its reservation is claimed; 409 bytes-exist once accounting settled it
        // with the stored bytes; nothing is stored twice either way.
        HttpResponse<String> again = put(link, token, bytes);
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("capability-used") || again.body().contains("bytes-exist"), again.body());

        await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(
                json(cli("alice", "show", id, "-o", "json").ok().out()).get("imgStatus").asText()));
        HttpResponse<String> download = Transfers.send(Transfers.request("/api/v1/images/" + id + "/file", token).GET());
        if (direct) {
            assertEquals(307, download.statusCode(), download.body());
            String downloadLink = download.headers().firstValue("Location").orElseThrow();
            assertEquals(bytes.length, Transfers.send(Transfers.request(downloadLink, null).GET()).body().length());
            assertRefusal(put(downloadLink, null, bytes), 403, "not for uploading");
            assertRefusal(Transfers.send(Transfers.request(downloadLink.replace(id, other), null).GET()), 403,
                    "another image");
        } else {
            assertEquals(200, download.statusCode());
        }
        cli("alice", "remove", id).ok();
        cli("alice", "remove", other).ok();
    }

    @Test
    void everyRefusedUploadIsAnsweredWithItsOwnProblem() throws Exception {
        // Issue 17 point 5: a refusal must never become a 503 because a reset overtook it. The body is sent
        // whole without waiting for 100 Continue, the way that loses answers; repeated to catch the race.
        String token = Tokens.password("imagerepo-cli", "gina");
        long quota = json(cli("gina", "histuser", "gina", "-o", "json").ok().out()).get("quota").asLong();
        String id = Transfers.register(token, "refused.img");
        cli("ada", "user", "set-quota", "gina", Long.toString(1024 * 1024)).ok();
        try {
            byte[] body = new byte[4 << 20];
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> refused = put("/api/v1/images/" + id + "/file", token, body);
                assertEquals(413, refused.statusCode(), "attempt " + i + ": " + refused.body());
                assertTrue(refused.body().contains("quota-exceeded"), refused.body());
            }
            assertRefusal(Transfers.createUpload(token, id, body.length), 413, "quota");
            Path big = randomFile(files, "refused.img", 2L * 1024 * 1024);
            Stack.Result put = cli("gina", "put", big.toString());
            assertNotEquals(0, put.exit());
            assertTrue(put.err().contains("quota"), put.err());
            assertEquals(0, json(cli("gina", "histuser", "gina", "-o", "json").ok().out()).get("reservedBytes").asLong(),
                    "no refused upload holds quota");
        } finally {
            cli("ada", "user", "set-quota", "gina", Long.toString(quota)).ok();
        }
        cli("gina", "remove", id).ok();
    }

    private static HttpResponse<String> put(String target, String token, byte[] body) throws Exception {
        return Transfers.send(Transfers.request(target, token).header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static void assertRefusal(HttpResponse<String> answer, int status, String says) {
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                answer.headers().map().toString());
        assertTrue(answer.body().contains(says), "should say '" + says + "': " + answer.body());
    }

    private static PrivateKey otherGatewaysKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }

    private static Stack.Result curl(String... args) {
        return Stack.command(Stream.concat(Stream.of("curl"), Stream.of(args)).toList()).ok();
    }

    @Test
    void helpAnswersWithoutAStack() {
        Stack.Result help = Stack.anonymousCli("--help").ok();
        assertTrue(help.out().contains("put") && help.out().contains("query"), help.out());
        System.out.printf("[e2e] imagerepo --help took %d ms%n", help.took().toMillis());
    }

    private static void assertRefused(Stack.Result result, String message) {
        assertNotEquals(0, result.exit(), "expected a refusal: " + result);
        assertTrue(result.err().contains(message), "stderr should say '" + message + "': " + result.err());
    }

    private static long partialBytes() throws IOException {
        if (!Files.isDirectory(INCOMING)) {
            return 0;
        }
        try (Stream<Path> parts = Files.list(INCOMING)) {
            return parts.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
