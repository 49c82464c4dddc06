package org.imagerepo.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * One download of an image's bytes to a file. The request follows the gateway's redirect to blob-service (ADR 16)
 * with a {@link Transport#transferRequest}, which leaves the token behind; the bytes stream to a temporary file
 * next to the target while their SHA-256 is computed, and only when it equals the catalog's checksum does the
 * temporary file replace the target. Used once, from one thread.
 */
final class Download {

    /** The header the blob service puts the SHA-256 of the bytes in. */
    static final String CHECKSUM_HEADER = "X-Checksum-Sha256";

    private static final String ACCEPT_BYTES = "application/octet-stream, application/problem+json";
    private static final int BUFFER = 64 * 1024;
    /** Transfers are redirected once (gateway to blob-service, ADR 16); more is a loop. */
    private static final int MAX_REDIRECTS = 3;

    private final Transport transport;
    private final Image image;
    private final String pathAndQuery;
    private final Path target;
    private final ProgressListener progress;

    /** A download of {@code image}'s bytes from {@code pathAndQuery} on the gateway to {@code target}. */
    Download(Transport transport, Image image, String pathAndQuery, Path target, ProgressListener listener) {
        this.transport = transport;
        this.image = image;
        this.pathAndQuery = pathAndQuery;
        this.target = target;
        this.progress = listener == null ? ProgressListener.NONE : listener;
    }

    /**
     * Downloads, or throws {@link ChecksumMismatchException} (and leaves {@code target} as it was) when the bytes
     * received are not those the catalog recorded.
     *
     * @return {@code target}
     */
    Path run() {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot write " + target + ": directory "
                    + dir + " does not exist");
        }
        HttpResponse<InputStream> resp = open();
        String served = resp.headers().firstValue(CHECKSUM_HEADER)
                .or(() -> resp.headers().firstValue("ETag").map(Download::stripEtag))
                .orElse(null);
        String expected = image.sha256() != null ? image.sha256() : served;
        long total = resp.headers().firstValueAsLong("Content-Length").orElse(image.size() == null ? -1 : image.size());
        Path tmp = dir.resolve("." + absolute.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8)
                + ".part");
        boolean ok = false;
        try {
            // A failure to read comes out of the read itself here: no need to keep it aside.
            DigestingInputStream in = new DigestingInputStream(resp.body(), progress, total, failure -> { });
            try (in; OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                throw new ImageRepoException(ImageRepoException.Kind.IO, "download of image " + image.imgId()
                        + " failed after " + in.count() + " bytes: " + Describe.failure(e), e);
            }
            if (total >= 0 && in.count() != total) {
                throw new ImageRepoException(ImageRepoException.Kind.IO, "download of image " + image.imgId()
                        + " was cut off after " + in.count() + " of " + total + " bytes");
            }
            String actual = in.sha256Hex();
            if (expected == null) {
                throw new ImageRepoException(ImageRepoException.Kind.CHECKSUM_MISMATCH, "the repository has no "
                        + "checksum for image " + image.imgId() + "; refusing to keep bytes that cannot be verified");
            }
            if (!expected.equalsIgnoreCase(actual)) {
                throw new ChecksumMismatchException("checksum mismatch downloading image " + image.imgId()
                        + ": expected sha256 " + expected + ", received " + actual + "; nothing was written to "
                        + target, expected, actual);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            ok = true;
            return target;
        } catch (IOException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "cannot write " + target + ": "
                    + Describe.failure(e), e);
        } finally {
            if (!ok) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
            progress.finished(ok);
        }
    }

    /** The answer with the bytes, after the redirects; a refusal is thrown. */
    private HttpResponse<InputStream> open() {
        HttpRequest req = transport.request(pathAndQuery)
                .timeout(Transport.TRANSFER_TIMEOUT) // a big image may take long; connection failures still surface
                .header("Accept", ACCEPT_BYTES)
                .GET()
                .build();
        HttpResponse<InputStream> resp = transport.send(req, HttpResponse.BodyHandlers.ofInputStream());
        for (int hops = 0; isRedirect(resp.statusCode()) && hops < MAX_REDIRECTS; hops++) {
            // ADR 16: the gateway sends the download to blob-service with a signed link.
            String location = resp.headers().firstValue("Location").orElse(null);
            if (location == null) {
                break;
            }
            discard(resp);
            resp = transport.send(transport.transferRequest(req.uri().resolve(location))
                    .timeout(Transport.TRANSFER_TIMEOUT)
                    .header("Accept", ACCEPT_BYTES)
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        if (resp.statusCode() != 200) {
            String text;
            try (InputStream in = resp.body()) {
                text = new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
            } catch (IOException e) {
                text = "";
            }
            throw ProblemDecoder.decode(resp, text);
        }
        return resp;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static void discard(HttpResponse<InputStream> resp) {
        try (InputStream in = resp.body()) {
            in.skip(Long.MAX_VALUE);
        } catch (IOException ignored) {
            // the connection is dropped instead
        }
    }

    private static String stripEtag(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
