package org.imagerepo.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The access tokens of a service account (a confidential Keycloak client such as {@code imagerepo-triggers}),
 * obtained with the client credentials grant and obtained anew shortly before each expires, for a program that
 * runs for months.
 *
 * <pre>{@code
 * URI gateway = URI.create("http://127.0.0.1:8080");
 * ImageRepoClient repo = ImageRepoClient.create(gateway,
 *         ServiceAccountTokenSource.create(gateway, "imagerepo-triggers", secret));
 * }</pre>
 *
 * <p>The sign-in server is discovered from the gateway ({@code GET /api/v1/auth}) on the first call that needs a
 * token, not when the source is made: a service may start before the gateway does. A failed discovery or grant
 * throws (the next call tries again); while a token fetched earlier is still valid, a failed renewal is not
 * noticed by the caller and is tried again on the next call. Thread-safe: concurrent callers share one token and
 * one renewal.
 */
public final class ServiceAccountTokenSource implements TokenSource {

    /** A token with less than this left is renewed before it is sent. */
    public static final Duration RENEW_MARGIN = Duration.ofSeconds(30);

    private final URI gatewayUrl;
    private final String clientId;
    private final String clientSecret;
    private final OidcLogin oidc;
    private final Clock clock;
    private AuthConfig auth;
    private Tokens current;
    private Instant renewAt;

    /**
     * @param gatewayUrl   the repository's gateway, which names the sign-in server
     * @param clientId     the service account's client id
     * @param clientSecret its secret
     * @param oidc         how to sign in
     * @param clock        what "about to expire" is measured with
     */
    public ServiceAccountTokenSource(URI gatewayUrl, String clientId, String clientSecret, OidcLogin oidc,
                                     Clock clock) {
        this.gatewayUrl = Objects.requireNonNull(gatewayUrl, "gatewayUrl");
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("a client id is required");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("the secret of client " + clientId.strip() + " is required");
        }
        this.clientId = clientId.strip();
        this.clientSecret = clientSecret;
        this.oidc = Objects.requireNonNull(oidc, "oidc");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The tokens of service account {@code clientId} for the repository behind {@code gatewayUrl}. */
    public static ServiceAccountTokenSource create(URI gatewayUrl, String clientId, String clientSecret) {
        return new ServiceAccountTokenSource(gatewayUrl, clientId, clientSecret, OidcLogin.create(),
                Clock.systemUTC());
    }

    @Override
    public synchronized String accessToken() {
        Instant now = clock.instant();
        if (current != null && now.isBefore(renewAt)) {
            return current.accessToken();
        }
        try {
            Tokens t = oidc.clientCredentials(auth(), clientId, clientSecret);
            current = t;
            renewAt = renewAt(now, t.accessTokenExpiresAt());
            return t.accessToken();
        } catch (ImageRepoException e) {
            if (e.kind() == ImageRepoException.Kind.UNREACHABLE) {
                auth = null; // the sign-in server may have moved: ask the gateway again next time
            }
            if (current != null && now.isBefore(current.accessTokenExpiresAt())) {
                return current.accessToken(); // still valid: renewal is tried again on the next call
            }
            throw e;
        }
    }

    /** The client id this source signs in as. */
    public String clientId() {
        return clientId;
    }

    private AuthConfig auth() {
        if (auth == null) {
            auth = oidc.discover(gatewayUrl);
        }
        return auth;
    }

    /** {@link #RENEW_MARGIN} before expiry, or half-way for a token that lives less than twice as long. */
    private static Instant renewAt(Instant now, Instant expiresAt) {
        Duration life = Duration.between(now, expiresAt);
        Duration margin = life.compareTo(RENEW_MARGIN.multipliedBy(2)) < 0 ? life.dividedBy(2) : RENEW_MARGIN;
        return expiresAt.minus(margin);
    }

    /** Never the secret or a token: this may end up in a log. */
    @Override
    public String toString() {
        return "ServiceAccountTokenSource[" + clientId + " at " + gatewayUrl + "]";
    }
}
