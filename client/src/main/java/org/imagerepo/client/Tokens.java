package org.imagerepo.client;

import java.time.Instant;

/**
 * What a sign-in or a refresh obtained from the OpenID provider.
 *
 * @param accessToken           the bearer token for the repository
 * @param accessTokenExpiresAt  when it stops being accepted (computed from {@code expires_in} and this machine's
 *                              clock at the time of the request, so a skewed clock does not matter)
 * @param refreshToken          the token that obtains new access tokens, or {@code null} if none was issued
 * @param refreshTokenExpiresAt when the refresh token (the session) expires, or {@code null} when not told
 * @param username              the user the token was issued to ({@code preferred_username}, read for display
 *                              only; the gateway is what checks the token), or {@code null} if it cannot be read
 */
public record Tokens(String accessToken, Instant accessTokenExpiresAt, String refreshToken,
                     Instant refreshTokenExpiresAt, String username) {

    /** Never the tokens themselves: this may end up in a log. */
    @Override
    public String toString() {
        return "Tokens[user=" + username + ", access token until " + accessTokenExpiresAt + ", refresh token "
                + (refreshToken == null ? "none" : "until " + (refreshTokenExpiresAt == null ? "?" : refreshTokenExpiresAt))
                + "]";
    }
}
