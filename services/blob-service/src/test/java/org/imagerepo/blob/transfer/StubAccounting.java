package org.imagerepo.blob.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentityVerifier;
import org.imagerepo.support.identity.PemKeys;
import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;
import org.imagerepo.testsupport.OutageProxy;
import org.imagerepo.testsupport.TestIdentities;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for accounting-service's reservation contract ({@code POST|PUT|DELETE
 * /internal/v1/reservations}, ADR 10 point 2) in blob-service's own tests, behind an {@link OutageProxy} so a
 * test can make it unreachable. Users without a {@link #QUOTA} have no limit, so every other test's uploads
 * are accepted; a user's usage here is what their open reservations hold. The real pair is exercised end to
 * end in tests/e2e.
 */
public class StubAccounting implements QuarkusTestResourceLifecycleManager {

    /** Quota by user; a user not listed may reserve anything. */
    static final Map<String, Long> QUOTA = new ConcurrentHashMap<>();
    /** Every reservation made, by id. */
    static final Map<String, Held> RESERVATIONS = new ConcurrentHashMap<>();
    /** Reservations refused outright, as "imgId bytes". */
    static final List<String> REFUSED = new CopyOnWriteArrayList<>();

    private static final IdentityVerifier VERIFIER = new IdentityVerifier(PemKeys.publicKey(TestIdentities.PUBLIC_KEY));
    private static final TransferCapabilities.Verifier TRANSFERS =
            TransferCapabilities.verifier(PemKeys.publicKey(TestIdentities.PUBLIC_KEY));
    private static volatile OutageProxy proxy;
    private HttpServer server;

    /** One reservation as the stand-in keeps it. */
    static final class Held {
        final String id;
        final String imgId;
        final String owner;
        volatile long bytes;
        volatile boolean released;
        /** Whether an upload capability naming it was used (ADR 16). */
        volatile boolean claimed;
        /** The totals asked for by extensions, granted or not, in order. */
        final List<Long> extensions = new CopyOnWriteArrayList<>();

        Held(String id, String imgId, String owner, long bytes) {
            this.id = id;
            this.imgId = imgId;
            this.owner = owner;
            this.bytes = bytes;
        }
    }

    static OutageProxy proxy() {
        return proxy;
    }

    static List<Held> reservationsOf(String imageId) {
        return RESERVATIONS.values().stream().filter(h -> h.imgId.equals(imageId)).toList();
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ObjectMapper json = new ObjectMapper();
        server.createContext("/internal/v1/reservations", exchange -> {
            // accounting charges the user the gateway vouched for, or the upload capability names (ADR 16, for
            // its own reservation only); so does this stand-in.
            String path = exchange.getRequestURI().getPath();
            String id = path.substring("/internal/v1/reservations".length()).replaceFirst("^/", "");
            boolean claim = id.endsWith("/claim");
            id = id.replaceFirst("/claim$", "");
            String capability = exchange.getRequestHeaders().getFirst(TransferCapability.HEADER);
            String owner;
            try {
                if (capability == null) {
                    owner = VERIFIER.verify(exchange.getRequestHeaders().getFirst(TestIdentities.HEADER)).username();
                } else {
                    TransferCapability granted = TRANSFERS.verify(capability);
                    if (!id.equals(granted.reservationId())) {
                        answer(exchange, 403, "application/problem+json", "{\"type\":\"https://imagerepo.org/problems/forbidden\","
                                + "\"title\":\"Forbidden\",\"status\":403,\"detail\":\"not this reservation's capability\"}");
                        return;
                    }
                    owner = granted.username();
                }
            } catch (ProblemException e) {
                answer(exchange, 401, "application/problem+json", "{\"type\":\"https://imagerepo.org/problems/unauthorized\","
                        + "\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + e.getMessage().replace("\"", "'") + "\"}");
                return;
            }
            if (claim) {
                Held held = RESERVATIONS.get(id);
                if (held == null || held.released) {
                    answer(exchange, 404, "application/problem+json", "{\"type\":\"https://imagerepo.org/problems/not-found\","
                            + "\"title\":\"Not found\",\"status\":404,\"detail\":\"No upload session " + id
                            + ": it was used and finished, cancelled, or it expired. Create a new upload.\"}");
                } else if (held.claimed) {
                    answer(exchange, 409, "application/problem+json", "{\"type\":\"https://imagerepo.org/problems/capability-used\","
                            + "\"title\":\"Conflict\",\"status\":409,\"detail\":\"This upload link was used already; a link "
                            + "uploads once. Create a new upload for another attempt.\"}");
                } else {
                    held.claimed = true;
                    answer(exchange, 200, "application/json", json.writeValueAsString(Map.of("reservationId", held.id,
                            "imgId", held.imgId, "owner", owner, "bytes", held.bytes, "createdAt", "2026-12-01T00:00:00Z")));
                }
                return;
            }
            switch (exchange.getRequestMethod()) {
                case "POST" -> {
                    JsonNode body = json.readTree(exchange.getRequestBody());
                    String imgId = body.get("imgId").asText();
                    long bytes = body.get("bytes").asLong();
                    if (!fits(owner, bytes, null)) {
                        REFUSED.add(imgId + " " + bytes);
                        overQuota(exchange, owner, bytes);
                        return;
                    }
                    Held held = new Held(UUID.randomUUID().toString(), imgId, owner, bytes);
                    RESERVATIONS.put(held.id, held);
                    answer(exchange, 201, "application/json", json.writeValueAsString(Map.of("reservationId", held.id,
                            "imgId", imgId, "owner", owner, "bytes", bytes, "createdAt", "2026-12-01T00:00:00Z")));
                }
                case "PUT" -> {
                    Held held = RESERVATIONS.get(id);
                    long bytes = json.readTree(exchange.getRequestBody()).get("bytes").asLong();
                    if (held == null || held.released) {
                        answer(exchange, 404, "application/problem+json", "{\"type\":\"https://imagerepo.org/problems/not-found\","
                                + "\"title\":\"Not found\",\"status\":404,\"detail\":\"No reservation " + id + "\"}");
                        return;
                    }
                    held.extensions.add(bytes);
                    if (!fits(owner, bytes, held)) {
                        overQuota(exchange, owner, bytes - held.bytes);
                        return;
                    }
                    held.bytes = bytes;
                    answer(exchange, 200, "application/json", json.writeValueAsString(Map.of("reservationId", held.id,
                            "imgId", held.imgId, "owner", owner, "bytes", bytes, "createdAt", "2026-12-01T00:00:00Z")));
                }
                case "DELETE" -> {
                    Held held = RESERVATIONS.get(id);
                    if (held != null) {
                        held.released = true;
                    }
                    exchange.sendResponseHeaders(held == null ? 404 : 204, -1);
                    exchange.close();
                }
                default -> answer(exchange, 405, "text/plain", "no");
            }
        });
        server.start();
        proxy = OutageProxy.to("127.0.0.1", server.getAddress().getPort());
        return Map.of("imagerepo.blob.accounting-url", "http://127.0.0.1:" + proxy.port());
    }

    private static long reservedBy(String owner) {
        return RESERVATIONS.values().stream().filter(h -> h.owner.equals(owner) && !h.released).mapToLong(h -> h.bytes).sum();
    }

    /** Whether {@code bytes} more (or, for {@code held}, that reservation grown to {@code bytes}) fit the quota. */
    private static boolean fits(String owner, long bytes, Held held) {
        Long quota = QUOTA.get(owner);
        return quota == null || reservedBy(owner) - (held == null ? 0 : held.bytes) + bytes <= quota;
    }

    private static void overQuota(HttpExchange exchange, String owner, long requested) throws IOException {
        long quota = QUOTA.get(owner);
        long reserved = reservedBy(owner);
        answer(exchange, 413, "application/problem+json", String.format("{\"type\":\"https://imagerepo.org/problems/quota-exceeded\","
                + "\"title\":\"Quota exceeded\",\"status\":413,\"detail\":\"%s's quota is %d bytes; 0 are used and %d reserved,"
                + " so %d more do not fit.\",\"quota\":%d,\"usedBytes\":0,\"reservedBytes\":%d,\"requestedBytes\":%d}",
                owner, quota, reserved, requested, quota, reserved, requested));
    }

    private static void answer(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void stop() {
        proxy.close();
        server.stop(0);
    }
}
