package org.imagerepo.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Keycloak realm the gateway names, for the sign-in's unit tests: its token endpoint (password,
 * refresh and device-code grants), device authorization, discovery document and revocation, with switches for what
 * a real realm does only on a person's say (a device sign-in pending, slowed down, denied, expired; a refused
 * refresh). It is not the repository's API: that part, {@code GET /api/v1/auth} naming this realm and whatever a
 * test cans besides, is a {@link CannedApi} on the same port, each answer checked against the API document. The sign-
 * in against the real Keycloak and gateway is in the end-to-end tests (CliApiIT).
 */
public final class StubKeycloak implements LoopbackServer.Answer, AutoCloseable {

    public static final String REALM = "/realms/imagerepo";
    public static final String TOKEN_PATH = REALM + "/protocol/openid-connect/token";
    public static final String DEVICE_PATH = REALM + "/protocol/openid-connect/auth/device";
    public static final String REVOKE_PATH = REALM + "/protocol/openid-connect/revoke";
    public static final String CLIENT_ID = "imagerepo-cli";
    public static final String USER_CODE = "WDJB-MJHT";

    /** What the token endpoint issued. */
    public record Issued(String accessToken, String refreshToken) {
    }

    private final ObjectMapper json = new ObjectMapper();
    /** The gateway's side: {@code /api/v1/auth} and the answers a test cans. */
    public final CannedApi api = new CannedApi(this);
    /** The passwords the realm accepts. */
    public final Map<String, String> passwords = new ConcurrentHashMap<>(Map.of("alice", "alice-secret",
            "bob", "bob-secret", "carol", "carol-secret", "dave", "dave-secret"));
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCounter = new AtomicInteger();
    /** The lifetimes of the tokens issued (seconds), as Keycloak's {@code expires_in}, {@code refresh_expires_in}. */
    public volatile long accessTokenSeconds = 300;
    public volatile long refreshTokenSeconds = 1800;
    /** The refresh grant is refused (invalid_grant), as when the session ended at Keycloak. */
    public volatile boolean refuseRefresh;
    /** The errors the device-code polls get, in order, before the sign-in is confirmed as {@link #deviceUser}. */
    public final Deque<String> deviceAnswers = new ConcurrentLinkedDeque<>();
    /** Who confirms the device sign-in in the "browser". */
    public volatile String deviceUser = "alice";
    /** The device authorization's {@code interval} (seconds). */
    public volatile long deviceInterval = 1;
    /** The refresh tokens revoked through the revocation endpoint. */
    public final List<String> revoked = Collections.synchronizedList(new ArrayList<>());

    public StubKeycloak() {
        api.answer("GET", OidcLogin.AUTH_PATH, 200, "{\"issuer\":\"" + url() + REALM + "\",\"clientId\":\"" + CLIENT_ID
                + "\",\"tokenEndpoint\":\"" + url() + TOKEN_PATH + "\",\"deviceAuthorizationEndpoint\":\""
                + url() + DEVICE_PATH + "\"}");
    }

    /** The gateway's and the realm's address. */
    public String url() {
        return api.url();
    }

    /** The realm as the gateway names it. */
    public AuthConfig auth() {
        return new AuthConfig(url() + REALM, CLIENT_ID, url() + TOKEN_PATH, url() + DEVICE_PATH);
    }

    /** Issues tokens for {@code username} as the token endpoint would (for tests that need no sign-in). */
    public Issued issue(String username) {
        int n = tokenCounter.incrementAndGet();
        ObjectNode claims = json.createObjectNode();
        claims.put("iss", url() + REALM);
        claims.put("preferred_username", username);
        claims.put("exp", Instant.now().plusSeconds(accessTokenSeconds).getEpochSecond());
        claims.put("jti", "t" + n);
        String access = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toString()) + ".sig" + n;
        String refresh = "refresh-" + username + "-" + n;
        accessTokens.put(access, username);
        refreshTokens.put(refresh, username);
        return new Issued(access, refresh);
    }

    /** The user name behind a token the realm issued, or {@code null}. */
    public String userOf(String accessToken) {
        return accessTokens.get(accessToken);
    }

    public List<LoopbackServer.Request> requests() {
        return api.requests();
    }

    public LoopbackServer.Request last(String method) {
        return api.last(method);
    }

    /** The requests to {@code path}. */
    public List<LoopbackServer.Request> requestsTo(String path) {
        return api.requests().stream().filter(r -> r.path().equals(path)).toList();
    }

    /** The token requests of grant type {@code grantType} (the form's {@code grant_type}). */
    public List<Map<String, String>> tokenRequests(String grantType) {
        return requestsTo(TOKEN_PATH).stream().map(r -> form(r.body()))
                .filter(f -> grantType.equals(f.get("grant_type"))).toList();
    }

    @Override
    public void answer(LoopbackServer.Request request, HttpExchange exchange) throws IOException {
        String path = request.path();
        if (path.equals(REALM + "/.well-known/openid-configuration") && request.method().equals("GET")) {
            ObjectNode doc = json.createObjectNode();
            doc.put("issuer", url() + REALM);
            doc.put("token_endpoint", url() + TOKEN_PATH);
            doc.put("device_authorization_endpoint", url() + DEVICE_PATH);
            doc.put("revocation_endpoint", url() + REVOKE_PATH);
            LoopbackServer.json(exchange, 200, doc.toString());
            return;
        }
        if (!path.startsWith(REALM + "/")) {
            oauthError(exchange, 404, "invalid_request", "no such endpoint: " + path);
            return;
        }
        if (!request.method().equals("POST")) {
            oauthError(exchange, 405, "invalid_request", "HTTP method not allowed");
            return;
        }
        String contentType = String.valueOf(request.header("Content-Type"));
        if (!contentType.startsWith("application/x-www-form-urlencoded")) {
            oauthError(exchange, 400, "invalid_request", "the request must be form-encoded, not " + contentType);
            return;
        }
        Map<String, String> form = form(request.body());
        if (!CLIENT_ID.equals(form.get("client_id"))) {
            oauthError(exchange, 401, "invalid_client", "Invalid client or Invalid client credentials");
            return;
        }
        switch (path) {
            case DEVICE_PATH -> {
                ObjectNode da = json.createObjectNode();
                da.put("device_code", "device-code-1");
                da.put("user_code", USER_CODE);
                da.put("verification_uri", url() + REALM + "/device");
                da.put("verification_uri_complete", url() + REALM + "/device?user_code=" + USER_CODE);
                da.put("expires_in", 600);
                da.put("interval", deviceInterval);
                LoopbackServer.json(exchange, 200, da.toString());
            }
            case REVOKE_PATH -> {
                String token = form.get("token");
                if (token != null && refreshTokens.remove(token) != null) {
                    revoked.add(token);
                }
                LoopbackServer.send(exchange, 200, new byte[0]);
            }
            case TOKEN_PATH -> token(exchange, form);
            default -> oauthError(exchange, 404, "invalid_request", "no such endpoint");
        }
    }

    private void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        switch (String.valueOf(form.get("grant_type"))) {
            case "password" -> {
                String user = form.get("username");
                if (user == null || !String.valueOf(passwords.get(user)).equals(form.get("password"))) {
                    oauthError(exchange, 401, "invalid_grant", "Invalid user credentials");
                    return;
                }
                tokens(exchange, issue(user));
            }
            case "refresh_token" -> {
                String user = refreshTokens.get(String.valueOf(form.get("refresh_token")));
                if (refuseRefresh || user == null) {
                    oauthError(exchange, 400, "invalid_grant", "Token is not active");
                    return;
                }
                tokens(exchange, issue(user));
            }
            case OidcLogin.DEVICE_CODE_GRANT -> {
                if (!"device-code-1".equals(form.get("device_code"))) {
                    oauthError(exchange, 400, "invalid_grant", "Device code not valid");
                    return;
                }
                String error = deviceAnswers.poll();
                if (error != null) {
                    oauthError(exchange, 400, error, switch (error) {
                        case "authorization_pending" -> "The authorization request is still pending";
                        case "slow_down" -> "Slow down";
                        case "expired_token" -> "The device code has expired";
                        case "access_denied" -> "The end user denied the authorization request";
                        default -> error;
                    });
                    return;
                }
                tokens(exchange, issue(deviceUser));
            }
            default -> oauthError(exchange, 400, "unsupported_grant_type", "Unsupported grant_type");
        }
    }

    private void tokens(HttpExchange exchange, Issued issued) throws IOException {
        ObjectNode t = json.createObjectNode();
        t.put("access_token", issued.accessToken());
        t.put("expires_in", accessTokenSeconds);
        t.put("refresh_expires_in", refreshTokenSeconds);
        t.put("refresh_token", issued.refreshToken());
        t.put("token_type", "Bearer");
        t.put("not-before-policy", 0);
        t.put("scope", "openid profile email");
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        LoopbackServer.send(exchange, 200, t.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void oauthError(HttpExchange exchange, int status, String error, String description) throws IOException {
        ObjectNode e = json.createObjectNode();
        e.put("error", error);
        e.put("error_description", description);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        LoopbackServer.send(exchange, status, e.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A form-encoded body as its fields. */
    public static Map<String, String> form(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return form;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static String b64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        api.close();
    }
}
