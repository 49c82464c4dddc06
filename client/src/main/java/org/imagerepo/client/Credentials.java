package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;

/**
 * A sign-in as {@link CredentialsStore} keeps it: the tokens, for one repository (gateway) URL only, with what is
 * needed to refresh them without asking the gateway again.
 *
 * @param url                   the gateway the tokens are for (no trailing slash)
 * @param issuer                the OpenID provider that issued them
 * @param clientId              the client they were issued to
 * @param tokenEndpoint         where they are refreshed
 * @param username              who signed in (for display)
 * @param accessToken           the bearer token
 * @param accessTokenExpiresAt  when the bearer token expires
 * @param refreshToken          the refresh token, or {@code null}
 * @param refreshTokenExpiresAt when the refresh token expires, or {@code null} when not known
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"url", "issuer", "clientId", "tokenEndpoint", "username", "accessToken", "accessTokenExpiresAt",
        "refreshToken", "refreshTokenExpiresAt"})
public record Credentials(String url, String issuer, String clientId, String tokenEndpoint, String username,
                          String accessToken,
                          @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant accessTokenExpiresAt,
                          String refreshToken,
                          @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant refreshTokenExpiresAt) {

    /** What a fresh sign-in at {@code url} through {@code auth} is saved as. */
    public static Credentials of(URI url, AuthConfig auth, Tokens tokens) {
        return new Credentials(normalise(url.toString()), auth.issuer(), auth.clientId(), auth.tokenEndpoint(),
                tokens.username(), tokens.accessToken(), tokens.accessTokenExpiresAt(), tokens.refreshToken(),
                tokens.refreshTokenExpiresAt());
    }

    /** These credentials with refreshed tokens. */
    public Credentials with(Tokens tokens) {
        return new Credentials(url, issuer, clientId, tokenEndpoint,
                tokens.username() != null ? tokens.username() : username, tokens.accessToken(),
                tokens.accessTokenExpiresAt(), tokens.refreshToken(), tokens.refreshTokenExpiresAt());
    }

    /** Whether these tokens are for the gateway at {@code other} (trailing slashes and letter case aside). */
    public boolean isFor(URI other) {
        return url != null && normalise(url).equals(normalise(other.toString()));
    }

    static String normalise(String url) {
        String s = url.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** Never the tokens themselves: this may end up in a log. */
    @Override
    public String toString() {
        return "Credentials[" + username + " at " + url + ", access token until " + accessTokenExpiresAt + "]";
    }
}
