package org.imagerepo.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The access token saved by a sign-in ({@link CredentialsStore}), refreshed when it is about to expire: when it has
 * less than {@link #REFRESH_MARGIN} left it is renewed with the refresh token and the file rewritten, so that a
 * request never leaves with a token that expires on the way. When it can no longer be renewed the caller is told
 * to sign in again ({@link UnauthorizedException}).
 */
public final class CachedTokenSource implements TokenSource {

    /** A token with less than this left is refreshed before it is sent. */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);
    public static final String NOT_SIGNED_IN = "Not signed in: run imagerepo login";
    public static final String SESSION_EXPIRED = "Your session has expired: sign in again with: imagerepo login";

    private final URI url;
    private final CredentialsStore store;
    private final OidcLogin oidc;
    private final Clock clock;
    private Credentials current;

    /**
     * @param url   the gateway the tokens must be for: tokens saved for another one are not sent
     * @param store where the sign-in was saved
     * @param oidc  how to refresh
     * @param clock what "about to expire" is measured with
     */
    public CachedTokenSource(URI url, CredentialsStore store, OidcLogin oidc, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.store = Objects.requireNonNull(store, "store");
        this.oidc = Objects.requireNonNull(oidc, "oidc");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CachedTokenSource(URI url, CredentialsStore store) {
        this(url, store, OidcLogin.create(), Clock.systemUTC());
    }

    @Override
    public synchronized String accessToken() {
        Credentials c = current != null ? current : load();
        if (fresh(c)) {
            current = c;
            return c.accessToken();
        }
        // Another process (another imagerepo command) may have refreshed the file meanwhile.
        c = load();
        if (fresh(c)) {
            current = c;
            return c.accessToken();
        }
        Instant now = clock.instant();
        if (c.refreshToken() == null || c.tokenEndpoint() == null
                || (c.refreshTokenExpiresAt() != null && !c.refreshTokenExpiresAt().isAfter(now))) {
            throw new UnauthorizedException(SESSION_EXPIRED);
        }
        Tokens t;
        try {
            t = oidc.refresh(c.tokenEndpoint(), c.clientId(), c.refreshToken());
        } catch (UnauthorizedException e) {
            // The provider refused the refresh token: the session ended (expired, signed out, revoked).
            throw new UnauthorizedException(SESSION_EXPIRED, e);
        }
        c = c.with(t);
        store.save(c);
        current = c;
        return c.accessToken();
    }

    /** The sign-in as saved now, if there is one (whatever gateway it is for). */
    public Optional<Credentials> credentials() {
        return store.load();
    }

    private Credentials load() {
        Credentials c = store.load().orElseThrow(() -> new UnauthorizedException(NOT_SIGNED_IN));
        if (!c.isFor(url)) {
            String base = url.toString().replaceAll("/+$", "");
            throw new UnauthorizedException("Signed in to " + c.url() + ", not to " + base + ": run imagerepo login "
                    + "to sign in to " + base + " instead (tokens are kept for one repository only)");
        }
        if (c.accessToken() == null) {
            throw new UnauthorizedException(NOT_SIGNED_IN);
        }
        return c;
    }

    private boolean fresh(Credentials c) {
        return c.accessTokenExpiresAt() != null && c.accessTokenExpiresAt().isAfter(clock.instant().plus(REFRESH_MARGIN));
    }

    @Override
    public String toString() {
        return "CachedTokenSource[" + store.file() + " for " + url + "]";
    }
}
