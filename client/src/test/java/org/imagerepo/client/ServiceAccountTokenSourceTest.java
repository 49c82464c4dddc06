package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client credentials grant and the service-account token source against the real Keycloak of the test servers
 * (realm {@code imagerepo}, confidential client {@code imagerepo-triggers}). The gateway is a stand-in that only
 * answers {@code GET /api/v1/auth}; it names a relay in front of Keycloak's token endpoint, so that the grants can
 * be counted. Tagged {@code servers} as the services' {@code @NeedsServers} (libs/test-support, which the client
 * does not depend on) tags theirs: {@code bin/test --fast} leaves it out.
 */
@Tag("servers")
class ServiceAccountTokenSourceTest {

    static final String KEYCLOAK = envOr("IMAGEREPO_TEST_KEYCLOAK_URL", "http://127.0.0.1:28380");
    static final String ISSUER = KEYCLOAK + "/realms/imagerepo";
    static final String TOKEN_ENDPOINT = ISSUER + "/protocol/openid-connect/token";
    static final String CLIENT_ID = "imagerepo-triggers";
    static final String SECRET = "triggers-demo-secret";

    private final MutableClock clock = new MutableClock(Instant.now());
    private final OidcLogin oidc = OidcLogin.builder().clock(clock).build();
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger discoveries = new AtomicInteger();
    private final AtomicInteger grants = new AtomicInteger();
    private HttpServer gateway;

    @BeforeEach
    void start() throws IOException {
        gateway = gatewayAt(0);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.stop(0);
        }
    }

    @Test
    void clientCredentialsGrantGetsAnAdminTokenForTheServiceAccount() {
        AuthConfig auth = new AuthConfig(ISSUER, "imagerepo-cli", TOKEN_ENDPOINT, null);
        Instant before = clock.instant();

        Tokens t = oidc.clientCredentials(auth, CLIENT_ID, SECRET);

        assertEquals("service-account-" + CLIENT_ID, t.username());
        assertTrue(t.accessTokenExpiresAt().isAfter(before), "expires in the future: " + t);
        JsonNode claims = claims(t.accessToken());
        assertEquals(CLIENT_ID, claims.path("azp").asText());
        assertEquals(ISSUER, claims.path("iss").asText());
        assertTrue(claims.path("realm_access").path("roles").toString().contains("\"admin\""),
                "the service account has the realm role admin: " + claims.path("realm_access"));
    }

    @Test
    void aWrongSecretIsRefusedAsUnauthorizedWithKeycloaksWords() {
        AuthConfig auth = new AuthConfig(ISSUER, "imagerepo-cli", TOKEN_ENDPOINT, null);

        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> oidc.clientCredentials(auth, CLIENT_ID, "not-the-secret"));

        assertEquals(401, e.status());
        assertTrue(e.getMessage().startsWith("Sign-in refused: "), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("client"), e.getMessage());
    }

    @Test
    void theSourceDiscoversOnFirstUseNotWhenMadeAndTriesAgainWhenTheGatewayWasDown() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // Made while nothing listens at the gateway's address: no error yet.
        ServiceAccountTokenSource source = new ServiceAccountTokenSource(URI.create("http://127.0.0.1:" + port),
                CLIENT_ID, SECRET, oidc, clock);

        ImageRepoException down = assertThrows(ImageRepoException.class, source::accessToken);
        assertEquals(ImageRepoException.Kind.UNREACHABLE, down.kind());

        gateway.stop(0);
        gateway = gatewayAt(port);
        String token = source.accessToken();
        assertEquals(CLIENT_ID, claims(token).path("azp").asText());
        assertEquals(1, discoveries.get());
    }

    @Test
    void theTokenIsReusedUntilShortlyBeforeItExpiresThenANewOneIsFetched() {
        ServiceAccountTokenSource source = sourceForGateway();
        String first = source.accessToken();
        Instant expires = Instant.ofEpochSecond(claims(first).path("exp").asLong());
        long lifetime = Duration.between(clock.instant(), expires).toSeconds();
        assertTrue(lifetime > 2 * ServiceAccountTokenSource.RENEW_MARGIN.toSeconds(), "lifetime " + lifetime);

        clock.advance(Duration.ofSeconds(lifetime).minus(ServiceAccountTokenSource.RENEW_MARGIN).minusSeconds(5));
        assertEquals(first, source.accessToken(), "still well within its lifetime");
        assertEquals(1, grants.get());

        clock.advance(Duration.ofSeconds(10)); // now inside the margin
        String second = source.accessToken();
        assertNotEquals(first, second);
        assertEquals(2, grants.get());
        assertEquals(1, discoveries.get(), "the sign-in server is discovered once");
    }

    @Test
    void whileTheTokenIsStillValidAFailedRenewalIsTriedAgainLaterWithoutFailingTheCaller() {
        ServiceAccountTokenSource source = sourceForGateway();
        String first = source.accessToken();
        long lifetime = Instant.ofEpochSecond(claims(first).path("exp").asLong()).getEpochSecond()
                - clock.instant().getEpochSecond();

        failGrants.set(true);
        clock.advance(Duration.ofSeconds(lifetime - 10)); // inside the margin, not yet expired
        assertEquals(first, source.accessToken());
        clock.advance(Duration.ofSeconds(20)); // expired: the failure reaches the caller
        assertThrows(ImageRepoException.class, source::accessToken);

        failGrants.set(false);
        assertNotEquals(first, source.accessToken());
    }

    @Test
    void concurrentCallersShareOneGrant() throws Exception {
        ServiceAccountTokenSource source = sourceForGateway();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(source::accessToken);
            }
            Set<String> tokens = new HashSet<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                tokens.add(f.get());
            }
            assertEquals(1, tokens.size());
            assertEquals(1, grants.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSourceWorksAsTheTokensOfAClient() throws IOException {
        // The gateway stand-in echoes who the bearer token names, as the real gateway would find out.
        gateway.createContext("/api/v1/users/me", ex -> {
            String header = ex.getRequestHeaders().getFirst("Authorization");
            String azp = header == null ? "?" : claims(header.substring("Bearer ".length())).path("azp").asText();
            answer(ex, 200, "{\"username\":\"service-account-" + azp + "\",\"role\":\"admin\"}");
        });
        ImageRepoClient client = ImageRepoClient.create(gatewayUri(), ServiceAccountTokenSource.create(gatewayUri(),
                CLIENT_ID, SECRET));

        assertEquals("service-account-" + CLIENT_ID, client.users().whoami().username());
        assertTrue(client.tokens().toString().contains(CLIENT_ID));
        assertTrue(!client.tokens().toString().contains(SECRET), "the secret stays out of logs");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private final AtomicReference<Boolean> failGrants = new AtomicReference<>(false);

    private ServiceAccountTokenSource sourceForGateway() {
        return new ServiceAccountTokenSource(gatewayUri(), CLIENT_ID, SECRET, oidc, clock);
    }

    private URI gatewayUri() {
        return URI.create("http://127.0.0.1:" + gateway.getAddress().getPort());
    }

    /** {@code /api/v1/auth} names the relay at {@code /token}, which forwards to Keycloak and counts. */
    private HttpServer gatewayAt(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/v1/auth", ex -> {
            discoveries.incrementAndGet();
            answer(ex, 200, "{\"issuer\":\"" + ISSUER + "\",\"clientId\":\"imagerepo-cli\",\"tokenEndpoint\":\""
                    + base + "/token\"}");
        });
        server.createContext("/token", this::relay);
        server.start();
        return server;
    }

    private void relay(HttpExchange ex) throws IOException {
        byte[] form = ex.getRequestBody().readAllBytes();
        grants.incrementAndGet();
        if (failGrants.get()) {
            answer(ex, 503, "{\"error\":\"temporarily_unavailable\",\"error_description\":\"down for a test\"}");
            return;
        }
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(TOKEN_ENDPOINT))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofString());
            answer(ex, resp.statusCode(), resp.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(ex, 500, "{}");
        }
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static JsonNode claims(String jwt) {
        try {
            return Json.mapper().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new AssertionError("not a JWT: " + e.getMessage(), e);
        }
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A clock the test moves forward instead of waiting. */
    static final class MutableClock extends Clock {
        private final AtomicReference<Instant> now;

        MutableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
