package org.imagerepo.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.imagerepo.support.transfer.TransferCapability;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.IdentityVerifier;
import org.imagerepo.support.identity.PemKeys;
import org.imagerepo.testsupport.TestIdentities;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stand-in upstreams that say who they are and what reached them (method, path, the identity the gateway
 * vouched for, body size), and can send a large body back, so routing and streaming can be checked without
 * the real services; an accounting-service that answers sign-ins (user {@code erin} is pending, {@code frank}
 * deactivated); and an identity provider ({@link StubIssuer}).
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    static final IdentityVerifier SERVICES_VERIFY = new IdentityVerifier(PemKeys.publicKey(TestIdentities.PUBLIC_KEY));
    /** Sign-ins accounting-service answered, by user. */
    static final Map<String, AtomicInteger> SIGN_INS = new ConcurrentHashMap<>();
    static volatile StubIssuer issuer;

    private HttpServer catalog;
    private HttpServer blob;
    private HttpServer accounting;
    private HttpServer triggers;

    @Override
    public Map<String, String> start() {
        catalog = echo("catalog");
        blob = echo("blob");
        accounting = echo("accounting");
        triggers = echo("triggers");
        issuer = new StubIssuer();
        blob.createContext("/internal/v1/transfers", EchoUpstreams::prepareTransfer);
        accounting.createContext("/internal/v1/sign-ins", exchange -> {
            Caller caller = SERVICES_VERIFY.verify(exchange.getRequestHeaders().getFirst(TestIdentities.HEADER));
            SIGN_INS.computeIfAbsent(caller.username(), u -> new AtomicInteger()).incrementAndGet();
            String status = switch (caller.username()) {
                case "erin" -> "pending";
                case "frank" -> "deactivated";
                default -> "activated";
            };
            byte[] body = String.format("{\"username\":\"%s\",\"role\":\"%s\",\"status\":\"%s\",\"quota\":8589934592}",
                    caller.username(), caller.role().wire(), status).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        Map<String, String> config = new HashMap<>(Map.of(
                "imagerepo.gateway.catalog-url", "http://127.0.0.1:" + catalog.getAddress().getPort(),
                "imagerepo.gateway.blob-url", "http://127.0.0.1:" + blob.getAddress().getPort(),
                "imagerepo.gateway.accounting-url", "http://127.0.0.1:" + accounting.getAddress().getPort(),
                "imagerepo.gateway.trigger-url", "http://127.0.0.1:" + triggers.getAddress().getPort(),
                "imagerepo.gateway.oidc.issuer", issuer.issuer));
        config.putAll(overrides());
        return config;
    }

    /** What a subclass points elsewhere. */
    protected Map<String, String> overrides() {
        return Map.of();
    }

    /** The services behind the gateway are down; the identity provider and accounting are not. */
    public static class WithoutServices extends EchoUpstreams {
        @Override
        protected Map<String, String> overrides() {
            try {
                String nowhere = "http://127.0.0.1:" + closedPort();
                return Map.of("imagerepo.gateway.catalog-url", nowhere, "imagerepo.gateway.blob-url", nowhere);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** ADR 16's proxy mode: image bytes stream through the gateway. */
    public static class ProxyMode extends EchoUpstreams {
        @Override
        protected Map<String, String> overrides() {
            return Map.of("imagerepo.gateway.data-path", "proxy");
        }
    }

    /** Direct mode with blob-service published at another address than the gateway reaches it at. */
    public static class PublishedBlob extends EchoUpstreams {
        static final String PUBLIC_URL = "https://blob.example.org/";

        @Override
        protected Map<String, String> overrides() {
            return Map.of("imagerepo.gateway.blob-public-url", PUBLIC_URL);
        }
    }

    /** trigger-service is down; everything else is up. */
    public static class WithoutTriggers extends EchoUpstreams {
        @Override
        protected Map<String, String> overrides() {
            try {
                return Map.of("imagerepo.gateway.trigger-url", "http://127.0.0.1:" + closedPort());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Requests blob-service was asked to prepare (ADR 16), as their JSON. */
    static final List<String> PREPARED = new CopyOnWriteArrayList<>();

    /**
     * blob-service's half of a one-hop transfer: the image {@code gone} is not there (404); {@code full} over
     * quota (413); anything else is prepared as blob-service would, for the user the gateway vouched for.
     */
    private static void prepareTransfer(HttpExchange exchange) throws IOException {
        Caller caller = SERVICES_VERIFY.verify(exchange.getRequestHeaders().getFirst(TestIdentities.HEADER));
        String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        PREPARED.add(request);
        JsonNode asked = JSON.readTree(request);
        String image = asked.path("imageId").asText(null);
        String body;
        int status = 201;
        if ("gone".equals(image)) {
            status = 404;
            body = "{\"type\":\"https://imagerepo.org/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                    + "\"detail\":\"No image with id 'gone'.\"}";
        } else if ("full".equals(image)) {
            status = 413;
            body = "{\"type\":\"https://imagerepo.org/problems/quota-exceeded\",\"title\":\"Quota exceeded\",\"status\":413,"
                    + "\"detail\":\"alice's quota is 10 bytes.\",\"quota\":10}";
        } else if ("upload".equals(asked.path("operation").asText())) {
            body = JSON.writeValueAsString(TransferCapability.upload(image, caller.username(), caller.groups(),
                    caller.role(), "reservation-of-" + image, asked.path("size").asLong(-1), null));
        } else {
            String location = image == null ? asked.path("location").asText() : "fs:///ab/" + image;
            body = JSON.writeValueAsString(TransferCapability.download(image == null ? "by-location" : image,
                    caller.username(), caller.groups(), caller.role(), location, 42, "ff", "disk.img", null));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 201 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static HttpServer echo(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                long received = 0;
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] buffer = new byte[65536];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        received += n;
                    }
                }
                String query = exchange.getRequestURI().getRawQuery();
                if (query != null && query.startsWith("send=")) {
                    long size = Long.parseLong(query.substring(5));
                    exchange.sendResponseHeaders(200, size);
                    try (OutputStream out = exchange.getResponseBody()) {
                        byte[] chunk = new byte[65536];
                        for (long left = size; left > 0; left -= chunk.length) {
                            out.write(chunk, 0, (int) Math.min(chunk.length, left));
                        }
                    }
                    return;
                }
                String identity = exchange.getRequestHeaders().getFirst(TestIdentities.HEADER);
                Caller caller = identity == null ? null : SERVICES_VERIFY.verify(identity);
                byte[] body = String.format("{\"service\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"user\":%s,"
                                + "\"role\":%s,\"status\":%s,\"groups\":%s,\"authorization\":%s,\"bytes\":%d}",
                        name, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        caller == null ? "null" : "\"" + caller.username() + "\"",
                        caller == null ? "null" : "\"" + caller.role().wire() + "\"",
                        caller == null ? "null" : "\"" + caller.status().wire() + "\"",
                        caller == null ? "[]" : caller.groups().stream().map(g -> "\"" + g + "\"").toList(),
                        exchange.getRequestHeaders().containsKey("Authorization"), received).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A loopback port with nothing listening on it. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void stop() {
        catalog.stop(0);
        blob.stop(0);
        accounting.stop(0);
        triggers.stop(0);
        issuer.stop();
    }
}
