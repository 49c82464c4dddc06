package org.imagerepo.blob.transfer;

import org.imagerepo.testsupport.TestIdentities;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.IdentityVerifier;
import org.imagerepo.support.identity.PemKeys;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.imagerepo.blob.client.CatalogImage;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for catalog-service's {@code GET /api/v1/images/{id}} contract in blob-service's own tests:
 * private images are visible to their owner and administrators only. The real pair is exercised end to end in tests/e2e.
 */
public class StubCatalog implements QuarkusTestResourceLifecycleManager {

    static final Map<String, CatalogImage> IMAGES = new ConcurrentHashMap<>();
    static final Map<String, Boolean> PUBLIC = new ConcurrentHashMap<>();
    private HttpServer server;

    private static final IdentityVerifier VERIFIER = new IdentityVerifier(PemKeys.publicKey(TestIdentities.PUBLIC_KEY));

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ObjectMapper json = new ObjectMapper();
        server.createContext("/api/v1/images/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/images/".length());
            String query = exchange.getRequestURI().getQuery();
            if (id.equals("by-location") && query != null && query.startsWith("uri=")) {
                String location = query.substring(4);
                id = IMAGES.values().stream().filter(i -> i.locations().contains(location)).map(CatalogImage::imgId)
                        .findFirst().orElse("none at " + location);
            }
            // The catalog trusts only the gateway's signed identity; so does this stand-in.
            Caller caller = VERIFIER.verify(exchange.getRequestHeaders().getFirst(TestIdentities.HEADER));
            CatalogImage image = IMAGES.get(id);
            boolean visible = image != null && (image.owner().equals(caller.username()) || caller.isAdmin()
                    || PUBLIC.getOrDefault(id, false));
            byte[] body = visible ? json.writeValueAsBytes(image)
                    : ("{\"type\":\"https://imagerepo.org/problems/not-found\",\"title\":\"Not found\",\"status\":404,"
                    + "\"detail\":\"No image with id '" + id + "'\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", visible ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(visible ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("imagerepo.catalog.url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}
