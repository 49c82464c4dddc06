package org.imagerepo.client;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the token goes, how upload links are resolved, and what a request that fails on the way says. */
class TransportTest {

    private static Transport transport(String baseUri, TokenSource tokens, Duration requestTimeout) {
        return new Transport(URI.create(baseUri), tokens, Duration.ofSeconds(5), requestTimeout);
    }

    private static Transport gateway(String baseUri) {
        return transport(baseUri, TokenSource.of("secret"), Duration.ofSeconds(5));
    }

    private static String authorization(HttpRequest.Builder request) {
        return request.build().headers().firstValue("Authorization").orElse(null);
    }

    @Test
    void everyRequestToTheGatewayCarriesTheToken() {
        assertEquals("Bearer secret", authorization(gateway("http://127.0.0.1:8080").request("/api/v1/images")));
    }

    @Test
    void aTransferLinkGetsTheTokenOnlyOnTheGatewaysOrigin() {
        Transport gateway = gateway("http://127.0.0.1:8080");

        assertEquals("Bearer secret", authorization(gateway.transferRequest(URI.create("http://127.0.0.1:8080/x"))));
        for (String elsewhere : new String[]{"http://127.0.0.1:8081/x", "https://127.0.0.1:8080/x",
                "http://localhost:8080/x", "http://blob.example/x"}) {
            assertEquals(null, authorization(gateway.transferRequest(URI.create(elsewhere))), elsewhere);
        }
    }

    @Test
    void aPortLeftOutIsTheSchemesDefault() {
        assertTrue(gateway("http://gw.example").sameOrigin(URI.create("http://gw.example:80/x")));
        assertTrue(gateway("https://gw.example:443").sameOrigin(URI.create("https://gw.example/x")));
        assertFalse(gateway("https://gw.example").sameOrigin(URI.create("https://gw.example:8443/x")));
    }

    @Test
    void anUploadLinkWithoutAHostIsOnTheGateway() {
        Transport gateway = gateway("http://127.0.0.1:8080");

        URI onTheGateway = URI.create("http://127.0.0.1:8080/api/v1/images/a/file");
        assertEquals(onTheGateway, gateway.resolve("/api/v1/images/a/file"));
        assertEquals(onTheGateway, gateway.resolve("api/v1/images/a/file"));
        assertEquals(URI.create("http://blob:8083/blobs/a?cap=x"), gateway.resolve("http://blob:8083/blobs/a?cap=x"));
    }

    @Test
    void aSourceWithoutATokenStopsTheRequestAndNoSourceSendsNone() {
        Transport signedOut = transport("http://127.0.0.1:8080", () -> " ", Duration.ofSeconds(5));
        Transport anonymous = transport("http://127.0.0.1:8080", null, Duration.ofSeconds(5));

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> signedOut.request("/x"));
        assertEquals(CachedTokenSource.NOT_SIGNED_IN, e.getMessage());
        assertEquals(null, authorization(anonymous.request("/x")));
    }

    @Test
    void anAnswerTooSlowIsATimeoutAndACutConnectionAnIoFailure() {
        try (LoopbackServer slow = new LoopbackServer((request, exchange) -> {
            if (request.pathAndQuery().equals("/slow")) {
                sleep(2_000);
            }
            // otherwise no answer at all: the connection closes
        })) {
            Transport gateway = transport(slow.url(), null, Duration.ofMillis(200));

            ImageRepoException timeout = assertThrows(ImageRepoException.class,
                    () -> gateway.send(gateway.request("/slow").build()));
            ImageRepoException cut = assertThrows(ImageRepoException.class,
                    () -> gateway.send(gateway.request("/cut").build()));

            assertEquals(ImageRepoException.Kind.TIMEOUT, timeout.kind());
            assertEquals("imagerepo at " + slow.url() + " did not answer GET /slow in time", timeout.getMessage());
            assertEquals(ImageRepoException.Kind.IO, cut.kind());
            assertTrue(cut.getMessage().startsWith("error talking to imagerepo at " + slow.url() + " (GET /cut): "),
                    cut.getMessage());
        }
    }

    @Test
    void anExpectedStatusPassesAndAnyOtherIsTheProblemItCarries() {
        try (LoopbackServer server = new LoopbackServer((request, exchange) -> LoopbackServer.json(exchange,
                request.pathAndQuery().equals("/gone") ? 404 : 204,
                request.pathAndQuery().equals("/gone") ? "{\"detail\":\"no such thing\"}" : ""))) {
            Transport gateway = transport(server.url(), null, Duration.ofSeconds(5));

            gateway.call(gateway.request("/there").DELETE(), 204);
            NotFoundException e = assertThrows(NotFoundException.class,
                    () -> gateway.call(gateway.request("/gone"), 200));

            assertEquals("no such thing", e.getMessage());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
