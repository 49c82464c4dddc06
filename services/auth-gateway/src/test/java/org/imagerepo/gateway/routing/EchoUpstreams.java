package org.imagerepo.gateway.routing;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Two stand-in upstreams that say who they are and what reached them (method, path, user, body size),
 * and can send a large body back, so routing and streaming can be checked without the real services.
 * A third address has nothing listening, for the unreachable case.
 */
public class EchoUpstreams implements QuarkusTestResourceLifecycleManager {

    private HttpServer catalog;
    private HttpServer blob;

    @Override
    public Map<String, String> start() {
        catalog = echo("catalog");
        blob = echo("blob");
        return Map.of(
                "imagerepo.gateway.catalog-url", "http://127.0.0.1:" + catalog.getAddress().getPort(),
                "imagerepo.gateway.blob-url", "http://127.0.0.1:" + blob.getAddress().getPort());
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
                byte[] body = String.format("{\"service\":\"%s\",\"method\":\"%s\",\"path\":\"%s\",\"user\":\"%s\",\"bytes\":%d}",
                        name, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("X-Imagerepo-User"), received).getBytes(StandardCharsets.UTF_8);
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
    }
}
