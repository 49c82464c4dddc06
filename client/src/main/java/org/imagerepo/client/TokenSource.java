package org.imagerepo.client;

/**
 * Where a client gets the access token it sends as {@code Authorization: Bearer …} with every call. It is asked
 * once per request, so an implementation may refresh the token when it is about to expire
 * ({@link CachedTokenSource} does).
 */
@FunctionalInterface
public interface TokenSource {

    /**
     * The access token to send now.
     *
     * @throws UnauthorizedException when there is none (not signed in) or it can no longer be renewed
     */
    String accessToken();

    /** A source that always answers {@code accessToken}: for programs that got a token on their own. */
    static TokenSource of(String accessToken) {
        return new StaticTokenSource(accessToken);
    }
}
