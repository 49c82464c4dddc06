package org.imagerepo.client;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in against a stand-in for the realm ({@link StubKeycloak}), as the gateway's {@code /api/v1/auth} names it. */
class OidcLoginTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private StubKeycloak stub;
    private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private OidcLogin oidc;
    private AuthConfig auth;

    @BeforeEach
    void start() throws IOException {
        stub = new StubKeycloak();
        // The device flow's waits are recorded, not slept: the test is as fast as the polls.
        oidc = OidcLogin.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).sleeper(sleeps::add).build();
        auth = oidc.discover(URI.create(stub.url() + "/"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void discoveryReadsTheGatewaysAuthRouteWithoutAToken() {
        assertEquals(stub.url() + StubKeycloak.REALM, auth.issuer());
        assertEquals("imagerepo-cli", auth.clientId());
        assertEquals(stub.url() + StubKeycloak.TOKEN_PATH, auth.tokenEndpoint());
        assertEquals(stub.url() + StubKeycloak.DEVICE_PATH, auth.deviceAuthorizationEndpoint());
        LoopbackServer.Request get = stub.last("GET");
        assertEquals("/api/v1/auth", get.path());
        assertEquals(null, get.header("Authorization"));
    }

    @Test
    void discoveryAtSomethingThatIsNotAGatewaySaysSo() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        other.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            ImageRepoException e = assertThrows(ImageRepoException.class, () -> oidc.discover(URI.create(url)));
            assertEquals("imagerepo at " + url + " does not offer sign-in (GET /api/v1/auth answered 404): is the "
                    + "URL that of the repository's gateway?", e.getMessage());
        } finally {
            other.stop(0);
        }
    }

    @Test
    void thePasswordGrantIsAFormPostAndGivesTokensWithTheirExpiryTimes() {
        Tokens t = oidc.password(auth, "alice", "alice-secret".toCharArray());

        LoopbackServer.Request post = stub.last("POST");
        assertEquals(StubKeycloak.TOKEN_PATH, post.path());
        assertEquals("application/x-www-form-urlencoded", post.header("Content-Type"));
        assertEquals(Map.of("grant_type", "password", "client_id", "imagerepo-cli", "username", "alice",
                "password", "alice-secret", "scope", "openid"), StubKeycloak.form(post.body()));
        assertEquals("alice", stub.userOf(t.accessToken()));
        assertNotNull(t.refreshToken());
        assertEquals(NOW.plusSeconds(300), t.accessTokenExpiresAt());
        assertEquals(NOW.plusSeconds(1800), t.refreshTokenExpiresAt());
        assertEquals("alice", t.username(), "read from the token's preferred_username");
        assertFalse(t.toString().contains(t.accessToken()), "tokens stay out of logs");
    }

    @Test
    void passwordsWithFormCharactersAreEncoded() {
        stub.passwords.put("bob", "p&ss=w rd+%");

        Tokens t = oidc.password(auth, "bob", "p&ss=w rd+%".toCharArray());

        assertEquals("bob", stub.userOf(t.accessToken()));
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessageAPersonCanActOn() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> oidc.password(auth, "alice", "wrong".toCharArray()));

        assertEquals("Sign-in refused: invalid user credentials", e.getMessage());
        assertEquals(ImageRepoException.Kind.UNAUTHORIZED, e.kind());
        assertEquals("invalid_grant", e.title());
    }

    @Test
    void anUnknownClientIsNotAnUnauthorizedUser() {
        AuthConfig wrongClient = new AuthConfig(auth.issuer(), "nobody", auth.tokenEndpoint(),
                auth.deviceAuthorizationEndpoint());

        ImageRepoException e = assertThrows(ImageRepoException.class,
                () -> oidc.password(wrongClient, "alice", "alice-secret".toCharArray()));

        assertFalse(e instanceof UnauthorizedException);
        assertEquals("Sign-in refused: invalid client or Invalid client credentials", e.getMessage());
    }

    @Test
    void anUnreachableProviderGivesAClearMessage() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AuthConfig gone = new AuthConfig(auth.issuer(), auth.clientId(), "http://127.0.0.1:" + port + "/token", null);

        ImageRepoException e = assertThrows(ImageRepoException.class,
                () -> oidc.password(gone, "alice", "x".toCharArray()));

        assertEquals(ImageRepoException.Kind.UNREACHABLE, e.kind());
        assertEquals("cannot reach the sign-in server at http://127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void theDeviceFlowShowsTheCodeThenPollsHonouringPendingAndSlowDown() {
        stub.deviceAnswers.add("authorization_pending");
        stub.deviceAnswers.add("slow_down");
        AtomicReference<DeviceAuthorization> shown = new AtomicReference<>();

        Tokens t = oidc.device(auth, da -> {
            assertTrue(stub.tokenRequests(OidcLogin.DEVICE_CODE_GRANT).isEmpty(), "shown before the first poll");
            shown.set(da);
        });

        assertEquals("alice", stub.userOf(t.accessToken()));
        DeviceAuthorization da = shown.get();
        assertEquals(StubKeycloak.USER_CODE, da.userCode());
        assertEquals(stub.url() + StubKeycloak.REALM + "/device?user_code=" + StubKeycloak.USER_CODE, da.browserUri());
        assertEquals(Map.of("client_id", "imagerepo-cli", "scope", "openid"),
                StubKeycloak.form(stub.requestsTo(StubKeycloak.DEVICE_PATH).get(0).body()));
        List<Map<String, String>> polls = stub.tokenRequests(OidcLogin.DEVICE_CODE_GRANT);
        assertEquals(3, polls.size(), "pending, slow_down, then the tokens");
        assertEquals(Map.of("grant_type", OidcLogin.DEVICE_CODE_GRANT, "device_code", "device-code-1",
                "client_id", "imagerepo-cli"), polls.get(0));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(6)), sleeps,
                "the interval before each poll; slow_down adds 5 s");
    }

    @Test
    void theDeviceFlowReportsARefusalInTheBrowser() {
        stub.deviceAnswers.add("authorization_pending");
        stub.deviceAnswers.add("access_denied");

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> oidc.device(auth, da -> { }));

        assertEquals("Sign-in refused: the request was denied in the browser", e.getMessage());
        assertEquals(2, stub.tokenRequests(OidcLogin.DEVICE_CODE_GRANT).size());
    }

    @Test
    void theDeviceFlowReportsAnExpiredCode() {
        stub.deviceAnswers.add("expired_token");

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> oidc.device(auth, da -> { }));

        assertEquals("Sign-in timed out: the code " + StubKeycloak.USER_CODE + " was not confirmed within 10 min; "
                + "start again with: imagerepo login --device", e.getMessage());
    }

    @Test
    void theDeviceFlowGivesUpWhenTheCodeExpiresOnThisSide() {
        for (int i = 0; i < 1000; i++) {
            stub.deviceAnswers.add("authorization_pending");
        }
        stub.deviceInterval = 10;
        // A clock that advances with each wait, as a real one would.
        AtomicReference<Instant> now = new AtomicReference<>(NOW);
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        OidcLogin o = OidcLogin.builder().clock(moving).sleeper(d -> now.set(now.get().plus(d))).build();

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> o.device(auth, da -> { }));

        assertTrue(e.getMessage().startsWith("Sign-in timed out"), e.getMessage());
        assertEquals(60, stub.tokenRequests(OidcLogin.DEVICE_CODE_GRANT).size(), "one poll each 10 s for 10 min");
    }

    @Test
    void theRefreshGrantGivesNewTokensAndARefusalIsUnauthorized() {
        Tokens first = oidc.password(auth, "bob", "bob-secret".toCharArray());

        Tokens renewed = oidc.refresh(auth.tokenEndpoint(), auth.clientId(), first.refreshToken());

        assertEquals(Map.of("grant_type", "refresh_token", "client_id", "imagerepo-cli",
                "refresh_token", first.refreshToken()), stub.tokenRequests("refresh_token").get(0));
        assertEquals("bob", stub.userOf(renewed.accessToken()));
        assertFalse(renewed.accessToken().equals(first.accessToken()));
        stub.refuseRefresh = true;
        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> oidc.refresh(auth.tokenEndpoint(), auth.clientId(), renewed.refreshToken()));
        assertEquals("Sign-in refused: token is not active", e.getMessage());
    }

    @Test
    void revokeFindsTheRevocationEndpointInTheIssuersDiscoveryDocument() {
        Tokens t = oidc.password(auth, "alice", "alice-secret".toCharArray());

        assertTrue(oidc.revoke(auth.issuer(), auth.clientId(), t.refreshToken()));

        assertEquals(List.of(t.refreshToken()), stub.revoked);
        assertFalse(oidc.revoke("http://127.0.0.1:1/realms/x", auth.clientId(), t.refreshToken()),
                "best effort: an unreachable provider is no error");
    }

    @Test
    void aNonJsonErrorFromTheProviderStillReads() throws IOException {
        HttpServer html = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        html.createContext("/", ex -> {
            byte[] b = "<html>oops</html>".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(502, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        html.start();
        try {
            String token = "http://127.0.0.1:" + html.getAddress().getPort() + "/token";
            ImageRepoException e = assertThrows(ImageRepoException.class,
                    () -> oidc.password(new AuthConfig("i", "c", token, null), "a", "b".toCharArray()));
            assertEquals("the sign-in server answered 502 to POST " + token, e.getMessage());
            assertInstanceOf(ImageRepoException.class, e);
            assertEquals(ImageRepoException.Kind.SERVER_ERROR, e.kind());
        } finally {
            html.stop(0);
        }
    }
}
