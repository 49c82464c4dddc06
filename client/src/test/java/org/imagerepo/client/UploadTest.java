package org.imagerepo.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * An upload's two steps on the wire (ADR 16): created at the gateway with the token, the bytes sent to the link it
 * names, to blob-service without the token, and the server's checksum compared with the bytes sent.
 */
class UploadTest {

    private static final String CREATE = "/api/v1/images/img-1/uploads";

    @TempDir
    Path tmp;

    /** What blob-service answers with the SHA-256 of the bytes it got (or another, to lie). */
    private final AtomicReference<String> storedSha256 = new AtomicReference<>();
    private final LoopbackServer blob = new LoopbackServer((request, exchange) -> LoopbackServer.json(exchange, 201,
            "{\"imgId\":\"img-1\",\"size\":" + request.body().length + ",\"sha256\":\""
                    + (storedSha256.get() != null ? storedSha256.get() : Checksums.sha256Hex(request.body())) + "\"}"));
    /** Where the gateway's answer to the creation sends the bytes. */
    private final AtomicReference<String> uploadUrl = new AtomicReference<>();
    private final LoopbackServer gateway = new LoopbackServer((request, exchange) -> {
        if (request.method().equals("POST")) {
            LoopbackServer.json(exchange, 201, uploadUrl.get() == null ? "{}"
                    : "{\"uploadUrl\":\"" + uploadUrl.get() + "\"}");
        } else {
            LoopbackServer.json(exchange, 201, "{\"imgId\":\"img-1\",\"size\":" + request.body().length
                    + ",\"sha256\":\"" + Checksums.sha256Hex(request.body()) + "\"}");
        }
    });
    private final Transport transport = gateway.asGateway();
    private final RecordingProgress progress = new RecordingProgress();

    @AfterEach
    void stop() {
        gateway.close();
        blob.close();
    }

    private Upload upload(Path file) {
        return new Upload(transport, () -> {
            throw new AssertionError("no refusal to explain");
        }, "img-1", file, progress);
    }

    @Test
    void theBytesGoToBlobServiceWithoutTheTokenAskingToContinueFirst() throws IOException {
        byte[] data = TestFiles.randomBytes(300_000);
        Path file = Files.write(tmp.resolve("disk.img"), data);
        uploadUrl.set(blob.url() + "/blobs/img-1?capability=signed");

        UploadResult result = upload(file).run();

        LoopbackServer.Request create = gateway.requests.get(0);
        assertEquals("POST " + CREATE, create.method() + " " + create.pathAndQuery());
        assertEquals("Bearer " + LoopbackServer.TOKEN, create.header("Authorization"));
        assertEquals("{\"size\":300000}", new String(create.body(), StandardCharsets.UTF_8));
        LoopbackServer.Request put = blob.requests.get(0);
        assertEquals("PUT /blobs/img-1?capability=signed", put.method() + " " + put.pathAndQuery());
        assertNull(put.header("Authorization"), "the signed link is the credential");
        assertEquals("100-continue", put.header("Expect").toLowerCase(Locale.ROOT));
        assertEquals("300000", put.header("Content-Length"));
        assertEquals("application/octet-stream", put.header("Content-Type"));
        assertArrayEquals(data, put.body());
        assertEquals(Checksums.sha256Hex(data), result.sha256());
        assertEquals(List.of(0L, 300_000L), List.of(progress.first()[0], progress.last()[0]));
        assertEquals(300_000L, progress.first()[1]);
        assertEquals(true, progress.finished);
    }

    @Test
    void aLinkOnTheGatewayGetsTheTokenAndNoInterimAnswerToWaitFor() throws IOException {
        Path file = Files.write(tmp.resolve("disk.img"), new byte[1000]);
        uploadUrl.set("/api/v1/images/img-1/file");

        upload(file).run();

        LoopbackServer.Request put = gateway.requests.get(1);
        assertEquals("PUT /api/v1/images/img-1/file", put.method() + " " + put.pathAndQuery());
        assertEquals("Bearer " + LoopbackServer.TOKEN, put.header("Authorization"));
        assertNull(put.header("Expect"), "the gateway's proxy may not relay an interim 100");
    }

    @Test
    void anEmptyFileIsSentWithoutABodyAndReportedOnce() throws IOException {
        Path file = Files.write(tmp.resolve("empty.img"), new byte[0]);
        uploadUrl.set(blob.url() + "/blobs/img-1");

        UploadResult result = upload(file).run();

        assertEquals(Checksums.sha256Hex(new byte[0]), result.sha256());
        assertEquals(0, blob.requests.get(0).body().length);
        assertEquals(1, progress.reports.size());
        assertArrayEquals(new long[]{0, 0}, progress.first());
        assertEquals(true, progress.finished);
    }

    @Test
    void aStoredChecksumThatDiffersFailsTheUpload() throws IOException {
        byte[] data = new byte[5000];
        Path file = Files.write(tmp.resolve("disk.img"), data);
        uploadUrl.set(blob.url() + "/blobs/img-1");
        storedSha256.set("00".repeat(32));

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class, () -> upload(file).run());

        assertEquals(Checksums.sha256Hex(data), e.actual());
        assertEquals("00".repeat(32), e.expected());
        assertEquals(false, progress.finished);
    }

    @Test
    void aCreationThatNamesNoLinkSendsNothing() throws IOException {
        Path file = Files.write(tmp.resolve("disk.img"), new byte[10]);

        ImageRepoException e = assertThrows(ImageRepoException.class, () -> upload(file).run());

        assertEquals(ImageRepoException.Kind.IO, e.kind());
        assertEquals("imagerepo at " + gateway.url() + " created the upload of image img-1 but said no uploadUrl",
                e.getMessage());
        assertEquals(1, gateway.requests.size());
        assertEquals(List.of(), blob.requests);
    }

    @Test
    void aDirectoryIsRefusedBeforeAnythingIsSent() {
        ImageRepoException e = assertThrows(ImageRepoException.class, () -> upload(tmp));

        assertEquals(tmp + " is not a regular file", e.getMessage());
        assertEquals(List.of(), gateway.requests);
    }
}
