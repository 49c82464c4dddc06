package org.imagerepo.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Signs in against the OpenID provider (Keycloak) that a repository's gateway names, with plain OAuth 2.0 over
 * {@code java.net.http}: the resource-owner password grant, the device authorization grant (RFC 8628), the
 * client credentials grant of service accounts and the refresh grant, all posted form-encoded to the token endpoint as the specifications (and Keycloak) require.
 *
 * <pre>{@code
 * OidcLogin oidc = OidcLogin.create();
 * AuthConfig auth = oidc.discover(URI.create("http://127.0.0.1:8080"));
 * Tokens t = oidc.password(auth, "alice", password);
 * ImageRepoClient repo = ImageRepoClient.builder().baseUri(gateway).tokens(TokenSource.of(t.accessToken())).build();
 * }</pre>
 *
 * <p>A refusal by the provider ({@code {"error", "error_description"}}) becomes an {@link ImageRepoException} whose
 * message a person can act on, e.g. "Sign-in refused: invalid user credentials"; refusals of the credentials or
 * of a token are {@link UnauthorizedException}s. Redirects are never followed: the bodies carry passwords and tokens.
 */
public final class OidcLogin {

    /** The gateway's public route that names the provider. */
    public static final String AUTH_PATH = "/api/v1/auth";
    /** The grant type of a device-code poll (RFC 8628, section 3.4). */
    public static final String DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    /** The poll interval when the provider names none (RFC 8628, section 3.2). */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** What a {@code slow_down} answer adds to the poll interval (RFC 8628, section 3.5). */
    public static final Duration SLOW_DOWN = Duration.ofSeconds(5);

    private static final String USER_AGENT = "imagerepo-client";

    /** How the device flow waits between polls; tests pass one that does not really wait. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = d -> Thread.sleep(d.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private final Sleeper sleeper;

    private OidcLogin(Builder b) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
        this.sleeper = b.sleeper;
    }

    public static OidcLogin create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------ discovery

    /** Asks the gateway at {@code gatewayUrl} how to sign in ({@code GET /api/v1/auth}, no token needed). */
    public AuthConfig discover(URI gatewayUrl) {
        String base = gatewayUrl.toString().replaceAll("/+$", "");
        URI uri = URI.create(base + AUTH_PATH);
        HttpResponse<String> resp = send(HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", USER_AGENT)
                .GET().build(), "imagerepo at " + base);
        if (resp.statusCode() != 200) {
            String detail = resp.statusCode() == 404
                    ? "imagerepo at " + base + " does not offer sign-in (GET " + AUTH_PATH + " answered 404): is "
                    + "the URL that of the repository's gateway?"
                    : "imagerepo at " + base + " answered " + resp.statusCode() + " to GET " + AUTH_PATH;
            throw new ImageRepoException(ImageRepoException.kindOf(resp.statusCode()), resp.statusCode(), null, null,
                    detail, null);
        }
        AuthConfig cfg;
        try {
            cfg = Json.mapper().readValue(resp.body(), AuthConfig.class);
        } catch (JsonProcessingException e) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "unreadable answer from imagerepo at " + base
                    + " to GET " + AUTH_PATH + ": " + e.getOriginalMessage(), e);
        }
        if (blank(cfg.issuer()) || blank(cfg.clientId()) || blank(cfg.tokenEndpoint())) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "imagerepo at " + base + " answered GET "
                    + AUTH_PATH + " without an issuer, a client id or a token endpoint");
        }
        return cfg;
    }

    // ------------------------------------------------------------------------------------------------ grants

    /**
     * Signs in with a user name and password (the resource-owner password grant). The password is sent to the
     * provider's token endpoint only.
     */
    public Tokens password(AuthConfig auth, String username, char[] password) {
        Objects.requireNonNull(auth, "auth");
        if (blank(username)) {
            throw new IllegalArgumentException("a user name is required");
        }
        Objects.requireNonNull(password, "password");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", auth.clientId());
        form.put("username", username.strip());
        form.put("password", new String(password));
        form.put("scope", "openid");
        Answer a = post(URI.create(auth.tokenEndpoint()), form);
        if (a.error != null) {
            throw refused(a);
        }
        return tokens(a, username.strip());
    }

    /**
     * Signs in as a service account (the client credentials grant, RFC 6749 section 4.4): a confidential client
     * such as {@code imagerepo-triggers} authenticates with its own id and secret, for itself. Keycloak issues no
     * refresh token for this grant; when the access token is about to expire, ask for a new one the same way
     * ({@link ServiceAccountTokenSource} does). A refused secret is an {@link UnauthorizedException}.
     */
    public Tokens clientCredentials(AuthConfig auth, String clientId, String clientSecret) {
        Objects.requireNonNull(auth, "auth");
        if (blank(clientId)) {
            throw new IllegalArgumentException("a client id is required");
        }
        if (blank(clientSecret)) {
            throw new IllegalArgumentException("the secret of client " + clientId.strip() + " is required");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId.strip());
        form.put("client_secret", clientSecret);
        Answer a = post(URI.create(auth.tokenEndpoint()), form);
        if (a.error != null) {
            ImageRepoException e = refused(a);
            // A refused id or secret (invalid_client per RFC 6749 section 5.2; Keycloak says 401
            // unauthorized_client) is the service's identity refused, like a user's password.
            boolean identity = a.status == 401 || "invalid_client".equals(a.error);
            throw identity && !(e instanceof UnauthorizedException)
                    ? new UnauthorizedException(a.status, null, a.error, e.detail()) : e;
        }
        return tokens(a, null);
    }

    /**
     * Signs in through a browser (RFC 8628): starts a device authorization, hands it to {@code prompt} (which
     * shows the person where to go and the code), then polls the token endpoint until the person confirmed,
     * refused, or the code expired.
     */
    public Tokens device(AuthConfig auth, Consumer<DeviceAuthorization> prompt) {
        DeviceAuthorization da = startDevice(auth);
        prompt.accept(da);
        return awaitDevice(auth, da);
    }

    /** The first half of {@link #device}: asks the provider for a device code and a user code. */
    public DeviceAuthorization startDevice(AuthConfig auth) {
        Objects.requireNonNull(auth, "auth");
        if (blank(auth.deviceAuthorizationEndpoint())) {
            throw new ImageRepoException(ImageRepoException.Kind.CLIENT_ERROR, "the sign-in server " + auth.issuer()
                    + " offers no device sign-in; sign in with a user name and password instead");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", auth.clientId());
        form.put("scope", "openid");
        Answer a = post(URI.create(auth.deviceAuthorizationEndpoint()), form);
        if (a.error != null) {
            throw refused(a);
        }
        JsonNode n = a.body;
        String deviceCode = text(n, "device_code");
        String userCode = text(n, "user_code");
        String verificationUri = text(n, "verification_uri");
        if (deviceCode == null || userCode == null || verificationUri == null) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "the sign-in server's answer to the device "
                    + "authorization lacks device_code, user_code or verification_uri");
        }
        long expires = n.path("expires_in").asLong(600);
        long interval = n.path("interval").asLong(DEFAULT_INTERVAL.toSeconds());
        return new DeviceAuthorization(userCode, verificationUri, text(n, "verification_uri_complete"),
                Duration.ofSeconds(expires > 0 ? expires : 600), Duration.ofSeconds(Math.max(1, interval)), deviceCode);
    }

    /**
     * The second half of {@link #device}: polls every {@code interval} (5 s longer after each {@code slow_down})
     * until the person confirmed in the browser, refused, or the code expired.
     */
    public Tokens awaitDevice(AuthConfig auth, DeviceAuthorization da) {
        Instant deadline = clock.instant().plus(da.expiresIn());
        Duration interval = da.interval();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", DEVICE_CODE_GRANT);
        form.put("device_code", da.deviceCode());
        form.put("client_id", auth.clientId());
        while (true) {
            // The first poll waits too: the person cannot have confirmed yet, and the RFC asks for the interval.
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while waiting for the "
                        + "sign-in to be confirmed", e);
            }
            Answer a = post(URI.create(auth.tokenEndpoint()), form);
            if (a.error == null) {
                return tokens(a, null);
            }
            switch (a.error) {
                case "authorization_pending" -> {
                    // not confirmed yet: ask again after the interval
                }
                case "slow_down" -> interval = interval.plus(SLOW_DOWN);
                case "expired_token" -> throw expired(da);
                case "access_denied" -> throw new UnauthorizedException("Sign-in refused: the request was denied "
                        + "in the browser");
                default -> throw refused(a);
            }
            if (!clock.instant().isBefore(deadline)) {
                throw expired(da);
            }
        }
    }

    /**
     * Obtains a new access token with a refresh token. A refused refresh token (the session ended or expired) is
     * an {@link UnauthorizedException}; the refresh token is kept when the provider does not issue a new one.
     */
    public Tokens refresh(String tokenEndpoint, String clientId, String refreshToken) {
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", clientId);
        form.put("refresh_token", refreshToken);
        Answer a = post(URI.create(tokenEndpoint), form);
        if (a.error != null) {
            throw refused(a);
        }
        Tokens t = tokens(a, null);
        return t.refreshToken() != null ? t
                : new Tokens(t.accessToken(), t.accessTokenExpiresAt(), refreshToken, null, t.username());
    }

    /**
     * Ends the session at the provider, as far as it lets a public client: revokes the refresh token at the
     * {@code revocation_endpoint} of the issuer's discovery document (RFC 7009), and if there is none, posts it to
     * the {@code end_session_endpoint} (Keycloak accepts a refresh token there). Best effort: never throws.
     *
     * @return whether the provider confirmed
     */
    public boolean revoke(String issuer, String clientId, String refreshToken) {
        if (blank(issuer) || blank(refreshToken)) {
            return false;
        }
        try {
            URI well = URI.create(issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
            HttpResponse<String> resp = send(HttpRequest.newBuilder(well).timeout(requestTimeout)
                    .header("Accept", "application/json").header("User-Agent", USER_AGENT).GET().build(), issuer);
            if (resp.statusCode() != 200) {
                return false;
            }
            JsonNode doc = Json.mapper().readTree(resp.body());
            Map<String, String> form = new LinkedHashMap<>();
            form.put("client_id", clientId);
            String revocation = text(doc, "revocation_endpoint");
            String endSession = text(doc, "end_session_endpoint");
            if (revocation != null) {
                form.put("token", refreshToken);
                form.put("token_type_hint", "refresh_token");
                return post(URI.create(revocation), form).error == null;
            }
            if (endSession != null) {
                form.put("refresh_token", refreshToken);
                return post(URI.create(endSession), form).error == null;
            }
            return false;
        } catch (RuntimeException | IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    /** A provider's answer: the JSON body, and the OAuth error code when it refused. */
    private record Answer(int status, JsonNode body, String error, String description, URI uri) {
    }

    private Answer post(URI uri, Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> resp = send(req, "the sign-in server at " + origin(uri));
        JsonNode json = null;
        try {
            String text = resp.body() == null ? "" : resp.body().strip();
            json = text.startsWith("{") ? Json.mapper().readTree(text) : null;
        } catch (JsonProcessingException e) {
            // not JSON: handled below
        }
        int status = resp.statusCode();
        if (status == 200 || status == 201 || status == 204) {
            // An empty body is a fine answer to a revocation; the grants check for the fields they need.
            return new Answer(status, json != null ? json : Json.mapper().createObjectNode(), null, null, uri);
        }
        if (json != null && text(json, "error") != null) {
            return new Answer(status, json, text(json, "error"), text(json, "error_description"), uri);
        }
        if (status >= 300 && status < 400) {
            throw new ImageRepoException(ImageRepoException.Kind.CLIENT_ERROR, status, null, null, "the sign-in "
                    + "server at " + uri + " redirects (" + status + ") to "
                    + resp.headers().firstValue("Location").orElse("?") + "; its announced URL is wrong", null);
        }
        throw new ImageRepoException(ImageRepoException.kindOf(status), status, null, null,
                "the sign-in server answered " + status + " to POST " + uri, null);
    }

    private HttpResponse<String> send(HttpRequest req, String what) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw unreachable(what, e);
        } catch (HttpTimeoutException e) {
            throw new ImageRepoException(ImageRepoException.Kind.TIMEOUT, what + " did not answer in time", e);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ConnectException || t instanceof UnresolvedAddressException
                        || t instanceof java.net.UnknownHostException || t instanceof java.net.NoRouteToHostException) {
                    throw unreachable(what, e);
                }
            }
            throw new ImageRepoException(ImageRepoException.Kind.IO, "error talking to " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImageRepoException(ImageRepoException.Kind.IO, "interrupted while talking to " + what, e);
        }
    }

    private static ImageRepoException unreachable(String what, Exception e) {
        String hint = what.startsWith("imagerepo") ? ": is the stack running? (bin/stack up)" : "";
        return new ImageRepoException(ImageRepoException.Kind.UNREACHABLE, "cannot reach " + what + hint, e);
    }

    // ------------------------------------------------------------------------------------------------ answers

    private Tokens tokens(Answer a, String username) {
        // Expiry times are counted from before the request was sent: never later than the provider's own.
        Instant now = clock.instant();
        JsonNode n = a.body;
        String access = text(n, "access_token");
        if (access == null) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "the sign-in server's answer from " + a.uri
                    + " has no access_token");
        }
        String type = text(n, "token_type");
        if (type != null && !type.equalsIgnoreCase("bearer")) {
            throw new ImageRepoException(ImageRepoException.Kind.IO, "the sign-in server issued a " + type
                    + " token; imagerepo needs a Bearer token");
        }
        long expiresIn = n.path("expires_in").asLong(0);
        Instant accessExpires = expiresIn > 0 ? now.plusSeconds(expiresIn) : jwtExpiry(access, now);
        String refresh = text(n, "refresh_token");
        long refreshIn = n.path("refresh_expires_in").asLong(0);
        // Keycloak says 0 for a refresh token without expiry (offline); other providers say nothing: unknown.
        Instant refreshExpires = refresh != null && refreshIn > 0 ? now.plusSeconds(refreshIn) : null;
        String claimed = claim(access, "preferred_username");
        return new Tokens(access, accessExpires, refresh, refreshExpires, claimed != null ? claimed : username);
    }

    private static ImageRepoException refused(Answer a) {
        String why = a.description != null && !a.description.isBlank() ? a.description.strip() : switch (a.error) {
            case "invalid_grant" -> "the credentials or the token were not accepted";
            case "invalid_client", "unauthorized_client" -> "this client may not sign in this way";
            case "invalid_scope" -> "the scope openid was not granted";
            default -> a.error;
        };
        why = Character.toLowerCase(why.charAt(0)) + why.substring(1);
        if (why.endsWith(".")) {
            why = why.substring(0, why.length() - 1);
        }
        String detail = "Sign-in refused: " + why;
        if (why.contains("not fully set up")) {
            detail += " (finish setting it up in a browser: imagerepo login --device)";
        }
        return switch (a.error) {
            case "invalid_grant", "access_denied", "expired_token" -> new UnauthorizedException(a.status, null,
                    a.error, detail);
            default -> new ImageRepoException(a.status >= 500 ? ImageRepoException.Kind.SERVER_ERROR
                    : ImageRepoException.Kind.CLIENT_ERROR, a.status, null, a.error, detail, null);
        };
    }

    private static UnauthorizedException expired(DeviceAuthorization da) {
        return new UnauthorizedException("Sign-in timed out: the code " + da.userCode() + " was not confirmed "
                + "within " + da.expiresIn().toMinutes() + " min; start again with: imagerepo login --device");
    }

    /** A claim of a JWT's payload, read without verifying it: for display only. */
    static String claim(String jwt, String name) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return null;
        }
        try {
            JsonNode payload = Json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
            return payload == null ? null : text(payload, name);
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    private static Instant jwtExpiry(String jwt, Instant now) {
        String exp = claim(jwt, "exp");
        try {
            return exp != null ? Instant.ofEpochSecond(Long.parseLong(exp)) : now.plusSeconds(60);
        } catch (NumberFormatException e) {
            return now.plusSeconds(60);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    @Override
    public String toString() {
        return "OidcLogin";
    }

    /** Builds an {@link OidcLogin}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();
        private Sleeper sleeper = Sleeper.REAL;

        private Builder() {
        }

        /** How long to wait for a connection (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout);
            return this;
        }

        /** How long to wait for each answer (default 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** The clock that token expiry times are computed with (default: the system's, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** How the device flow waits between polls (default: really sleeping). */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper);
            return this;
        }

        public OidcLogin build() {
            return new OidcLogin(this);
        }
    }
}
