package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.imagerepo.vocabulary.ByteSizes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One upload of a file as an image's bytes (ADR 16), in two steps: {@link #create} asks the gateway for the
 * upload (it checks who may upload and holds the quota) and learns where the bytes go; {@link #send} streams them
 * there (blob-service directly, or the gateway in proxy mode) while their SHA-256 is computed, and compares it with
 * the checksum of what the server stored. Used once, from one thread.
 */
final class Upload {

    private final Transport transport;
    /** The caller's own record, asked for only to explain a refusal whose explanation was lost. */
    private final Supplier<User> caller;
    private final String imageId;
    private final Path file;
    private final long size;
    private final ProgressListener progress;
    /** The stream of the body being sent: the HTTP client opens one per attempt to send it. */
    private final AtomicReference<DigestingInputStream> sending = new AtomicReference<>();
    /** A failure to read the file, which the HTTP client reports only as a failed request. */
    private final AtomicReference<IOException> localFailure = new AtomicReference<>();
    /**
     * The status of the answer once it began: a refusal (413 over quota) comes before the body is read and the
     * server then closes the connection, which may lose the answer's body on the way.
     */
    private final AtomicReference<HttpResponse.ResponseInfo> answered = new AtomicReference<>();

    /** An upload of {@code file}, whose size is taken now: a missing file fails before anything is sent. */
    Upload(Transport transport, Supplier<User> caller, String imageId, Path file, ProgressListener listener) {
        this.transport = transport;
        this.caller = caller;
        this.imageId = imageId;
        this.file = file;
        this.size = sizeOf(file);
        this.progress = listener == null ? ProgressListener.NONE : listener;
    }

    /** Creates the upload and sends the bytes. */
    UploadResult run() {
        return send(create());
    }

    /** The upload URL the gateway answers {@code POST .../uploads} with, for {@link #size} bytes. */
    URI create() {
        JsonNode created = transport.call(transport.jsonRequest("POST", ApiPaths.image(imageId) + "/uploads",
                Map.of("size", size)), JsonNode.class, 201);
        String url = created == null ? null : created.path("uploadUrl").asText(null);
        if (url == null) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "imagerepo at " + transport.baseUri()
                    + " created the upload of image " + imageId + " but said no uploadUrl");
        }
        return transport.resolve(url);
    }

    /**
     * Sends the file to {@code uploadUrl} and checks that the server stored what was sent: all of it, with the
     * same SHA-256 ({@link ChecksumMismatchException} otherwise).
     */
    UploadResult send(URI uploadUrl) {
        HttpRequest.Builder put = transport.transferRequest(uploadUrl)
                .timeout(Transport.TRANSFER_TIMEOUT) // the request timeout would also bound the time to send the body
                .header("Content-Type", "application/octet-stream");
        if (!transport.sameOrigin(uploadUrl)) {
            // blob-service answers a refusal before a byte of the body is sent (the gateway's proxy may not relay
            // the interim 100, so only there).
            put.expectContinue(true);
        }
        HttpRequest req = put.PUT(body()).build();
        boolean ok = false;
        try {
            UploadResult result = JsonBodies.read(transport.expect(put(req), 201, 200), UploadResult.class);
            verify(result);
            ok = true;
            return result;
        } finally {
            progress.finished(ok);
        }
    }

    private HttpRequest.BodyPublisher body() {
        if (size == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            // Called once per attempt to send the body; each attempt starts a fresh digest.
            try {
                DigestingInputStream in = new DigestingInputStream(Files.newInputStream(file), progress, size,
                        localFailure::set);
                sending.set(in);
                return in;
            } catch (IOException e) {
                localFailure.set(e);
                throw new UncheckedIOException(e);
            }
        }), size);
    }

    /** Sends the PUT; a failure is told as what caused it: the file, or a refusal the server cut short. */
    private HttpResponse<String> put(HttpRequest req) {
        HttpResponse.BodyHandler<String> handler = info -> {
            answered.set(info);
            return HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        };
        try {
            return transport.send(req, handler);
        } catch (ImageRepoException e) {
            IOException local = localFailure.get();
            if (local != null) {
                throw new ImageRepoException(ImageRepoException.Kind.IO,
                        "cannot read " + file + ": " + Describe.failure(local), local);
            }
            HttpResponse.ResponseInfo info = answered.get();
            if (e.kind() == ImageRepoException.Kind.IO && info != null && info.statusCode() >= 400) {
                throw refused(info.statusCode(), e);
            }
            throw e;
        }
    }

    private void verify(UploadResult result) {
        DigestingInputStream sent = sending.get();
        if (sent == null && size == 0) {
            progress.progress(0, 0);
        }
        String actual = sent == null ? Checksums.sha256Hex(new byte[0]) : sent.sha256Hex();
        long count = sent == null ? 0 : sent.count();
        if (count != size) {
            throw new ImageRepoException(ImageRepoException.Kind.IO,
                    file + " changed while it was being uploaded (" + size + " bytes expected, " + count + " sent)");
        }
        if (result.sha256() == null || !result.sha256().equalsIgnoreCase(actual)) {
            throw new ChecksumMismatchException("checksum mismatch uploading " + file + " to image " + imageId
                    + ": sent sha256 " + actual + ", the server stored " + result.sha256(),
                    result.sha256(), actual);
        }
    }

    /**
     * A refusal whose explanation the closed connection lost. A 413 is told again from the user's record, which
     * says what the quota check saw: the quota and what is in use.
     */
    private ImageRepoException refused(int status, ImageRepoException cause) {
        String why = "";
        if (status == 413) {
            try {
                User me = caller.get();
                if (me.quota() != null) {
                    return new QuotaExceededException(413, null, "Quota exceeded", "Uploading " + ByteSizes.format(size)
                            + " would pass the quota of " + me.username() + ": quota " + ByteSizes.format(me.quota())
                            + ", in use " + ByteSizes.format(me.usedBytes() == null ? 0 : me.usedBytes())
                            + ". Remove images or ask an administrator for more quota.",
                            me.quota(), me.usedBytes(), null, size);
                }
            } catch (ImageRepoException unknown) {
                // fall back to what the status alone says
            }
            why = " (the image is larger than your quota leaves room for, or than the repository takes; "
                    + "imagerepo histuser shows your quota and usage)";
        }
        return new ImageRepoException(ImageRepoException.kindOf(status), status, null, null,
                "imagerepo refused the upload of image " + imageId + " with " + status + ProblemDecoder.reason(status)
                        + why + " and closed the connection before its explanation arrived", cause);
    }

    private static long sizeOf(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new ImageRepoException(ImageRepoException.Kind.IO, Files.exists(file)
                        ? file + " is not a regular file" : "no such file: " + file);
            }
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "no such file: " + file, e);
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot read " + file + ": "
                    + Describe.failure(e), e);
        }
    }
}
