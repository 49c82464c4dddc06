package org.imagerepo.client;

import java.util.Objects;

/**
 * A fixed access token, never refreshed: for programs (and tests) that obtained one themselves. Once it expires
 * the repository answers 401.
 */
public final class StaticTokenSource implements TokenSource {

    private final String accessToken;

    public StaticTokenSource(String accessToken) {
        Objects.requireNonNull(accessToken, "accessToken");
        if (accessToken.isBlank()) {
            throw new IllegalArgumentException("the access token is empty");
        }
        this.accessToken = accessToken.strip();
    }

    @Override
    public String accessToken() {
        return accessToken;
    }

    /** Never the token itself: this may end up in a log. */
    @Override
    public String toString() {
        return "StaticTokenSource[…]";
    }
}
