package org.imagerepo.gateway.routing;

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
