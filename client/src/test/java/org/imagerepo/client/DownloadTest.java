package org.imagerepo.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.imagerepo.client.TestFiles.listDir;
import static org.imagerepo.client.TestFiles.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A download on the wire: the gateway's redirect followed to blob-service without the token (ADR 16), the bytes
 * checked against the catalog's SHA-256 or, when it has none, the one the server sends, and nothing kept unless
 * they match.
 */
class DownloadTest {

    private static final String FILE = "/api/v1/images/img-1/file";

    @TempDir
    Path tmp;

    private final byte[] data = randomBytes(200_000);
    /** How blob-service answers a request for the bytes. */
    private final AtomicReference<LoopbackServer.Answer> blobAnswer = new AtomicReference<>(
            (request, exchange) -> LoopbackServer.send(exchange, 200, data));
    private final LoopbackServer blob = new LoopbackServer((request, exchange) ->
            blobAnswer.get().answer(request, exchange));
    /** Where the gateway redirects (blob-service's link unless a test says otherwise). */
    private final AtomicReference<String> location = new AtomicReference<>(
            blob.url() + "/blobs/img-1?capability=signed");
    private final LoopbackServer gateway = new LoopbackServer((request, exchange) -> {
        exchange.getResponseHeaders().set("Location", location.get());
        LoopbackServer.send(exchange, 307, new byte[0]);
    });
    private final Transport transport = gateway.asGateway();
    private final RecordingProgress progress = new RecordingProgress();

    @AfterEach
    void stop() {
        gateway.close();
        blob.close();
    }

    private Path download(String catalogSha256, Path target) {
        Image image;
        try {
            image = Json.mapper().readValue("{\"imgId\":\"img-1\",\"size\":" + data.length + ",\"sha256\":"
                    + (catalogSha256 == null ? "null" : "\"" + catalogSha256 + "\"") + "}", Image.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return new Download(transport, image, FILE, target, progress).run();
    }

    @Test
    void theRedirectIsFollowedToBlobServiceWithoutTheToken() throws IOException {
        Path target = tmp.resolve("disk.img");

        assertEquals(target, download(Checksums.sha256Hex(data), target));

        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals("Bearer " + LoopbackServer.TOKEN, gateway.requests.get(0).header("Authorization"));
        assertEquals("/blobs/img-1?capability=signed", blob.requests.get(0).pathAndQuery());
        assertNull(blob.requests.get(0).header("Authorization"), "the signed link is the credential");
        assertEquals(0, progress.first()[0]);
        assertEquals(data.length, progress.first()[1], "the total from Content-Length");
        assertEquals(data.length, progress.last()[0]);
        assertEquals(true, progress.finished);
        assertEquals(List.of(target), listDir(tmp), "no temporary file left");
    }

    @Test
    void aRedirectOnTheGatewayKeepsTheToken() throws IOException {
        try (LoopbackServer sameOrigin = new LoopbackServer((request, exchange) -> {
            if (request.pathAndQuery().equals(FILE)) {
                exchange.getResponseHeaders().set("Location", "/blobs/img-1");
                LoopbackServer.send(exchange, 302, new byte[0]);
            } else {
                LoopbackServer.send(exchange, 200, data);
            }
        })) {
            Transport proxy = sameOrigin.asGateway();
            Image image = Json.mapper().readValue("{\"imgId\":\"img-1\",\"sha256\":\"" + Checksums.sha256Hex(data)
                    + "\"}", Image.class);

            new Download(proxy, image, FILE, tmp.resolve("disk.img"), ProgressListener.NONE).run();

            assertEquals("Bearer " + LoopbackServer.TOKEN, sameOrigin.requests.get(1).header("Authorization"));
        }
    }

    @Test
    void aRedirectLoopEndsInTheRedirectsProblem() {
        location.set(gateway.url() + FILE);

        ImageRepoException e = assertThrows(ImageRepoException.class, () -> download("ab", tmp.resolve("disk.img")));

        assertEquals(4, gateway.requests.size(), "the first request and three redirects");
        assertTrue(e.getMessage().startsWith("imagerepo answered 307 to GET " + FILE + ", a redirect to "),
                e.getMessage());
    }

    @Test
    void withoutTheCatalogsChecksumTheServedOneIsChecked() throws IOException {
        blobAnswer.set((request, exchange) -> {
            exchange.getResponseHeaders().set(Download.CHECKSUM_HEADER, Checksums.sha256Hex(data));
            LoopbackServer.send(exchange, 200, data);
        });
        assertArrayEquals(data, Files.readAllBytes(download(null, tmp.resolve("by-header.img"))));

        blobAnswer.set((request, exchange) -> {
            exchange.getResponseHeaders().set("ETag", "W/\"" + Checksums.sha256Hex(data) + "\"");
            LoopbackServer.send(exchange, 200, data);
        });
        assertArrayEquals(data, Files.readAllBytes(download(null, tmp.resolve("by-etag.img"))));

        blobAnswer.set((request, exchange) -> {
            exchange.getResponseHeaders().set("ETag", "\"" + "00".repeat(32) + "\"");
            LoopbackServer.send(exchange, 200, data);
        });
        assertInstanceOf(ChecksumMismatchException.class,
                assertThrows(ImageRepoException.class, () -> download(null, tmp.resolve("wrong.img"))));
    }

    @Test
    void bytesOtherThanTheCatalogsAreNotKeptAndAnExistingTargetIsLeftAlone() throws IOException {
        byte[] corrupted = data.clone();
        corrupted[corrupted.length / 2] ^= 0x5a;
        blobAnswer.set((request, exchange) -> LoopbackServer.send(exchange, 200, corrupted));
        Path target = Files.writeString(tmp.resolve("disk.img"), "old content");

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> download(Checksums.sha256Hex(data), target));

        assertEquals(Checksums.sha256Hex(data), e.expected());
        assertEquals("old content", Files.readString(target));
        assertEquals(List.of(target), listDir(tmp), "no temporary file left behind");
    }

    @Test
    void bytesThatCannotBeVerifiedAreNotKept() throws IOException {
        Path target = Files.writeString(tmp.resolve("disk.img"), "old content");

        ImageRepoException e = assertThrows(ImageRepoException.class, () -> download(null, target));

        assertEquals(ImageRepoException.Kind.CHECKSUM_MISMATCH, e.kind());
        assertEquals("the repository has no checksum for image img-1; refusing to keep bytes that cannot be verified",
                e.getMessage());
        assertEquals("old content", Files.readString(target));
        assertEquals(List.of(target), listDir(tmp));
        assertEquals(false, progress.finished);
    }

    @Test
    void aDownloadShorterThanTheImageIsCutOff() throws IOException {
        blobAnswer.set((request, exchange) -> {
            exchange.sendResponseHeaders(200, 0); // chunked: no length to hold the bytes to
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(data, 0, 1000);
            }
        });

        ImageRepoException e = assertThrows(ImageRepoException.class,
                () -> download(Checksums.sha256Hex(data), tmp.resolve("disk.img")));

        assertEquals("download of image img-1 was cut off after 1000 of " + data.length + " bytes", e.getMessage());
        assertEquals(List.of(), listDir(tmp));
    }

    @Test
    void blobServicesRefusalIsItsProblem() {
        blobAnswer.set((request, exchange) -> LoopbackServer.json(exchange, 403,
                "{\"title\":\"Forbidden\",\"detail\":\"the link has expired\"}"));

        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> download(Checksums.sha256Hex(data), tmp.resolve("disk.img")));

        assertEquals("the link has expired", e.getMessage());
    }
}
