package org.imagerepo.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/** Plain HTTP transfers of the baselines and the peer: streamed, checked as our client checks its downloads. */
final class Transfers {

    private static final int BUFFER = 64 * 1024; // as our client's

    private Transfers() {
    }

    static HttpClient http() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** GET streamed to a file with its SHA-256 computed on the way; fails on a short body or another digest. */
    static void getInto(HttpClient http, String server, URI uri, Path target, long size, String sha)
            throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(uri).GET().build();
        HttpResponse<InputStream> resp = send(http, server, req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException(server + " answered " + resp.statusCode() + " to GET " + uri);
            }
            MessageDigest md = RandomFile.sha256();
            long count = 0;
            try (OutputStream os = Files.newOutputStream(target, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    md.update(buf, 0, n);
                    os.write(buf, 0, n);
                    count += n;
                }
            }
            if (count != size) {
                throw new IOException("GET " + uri + " gave " + count + " of " + size + " bytes");
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (!actual.equalsIgnoreCase(sha)) {
                throw new IOException("sha256 mismatch on GET " + uri + ": expected " + sha + ", received " + actual);
            }
        }
    }

    /** {@link HttpClient#send}, a refused connection told as such (the JDK's exception has no message). */
    static <T> HttpResponse<T> send(HttpClient http, String server, HttpRequest req, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        try {
            return http.send(req, handler);
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot connect to " + server + " at " + req.uri() + " (is it running?)", e);
        }
    }
}
