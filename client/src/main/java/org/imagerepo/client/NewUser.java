package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * A user an admin registers ahead of their first sign-in ({@code POST /api/v1/users}); {@code null} fields take
 * the repository's defaults (role {@code user}, the configured status and quota).
 *
 * @param username the user name they will sign in with
 * @param role     {@code admin} or {@code user}, or {@code null}
 * @param status   {@code pending}, {@code activated} or {@code deactivated}, or {@code null}
 * @param quota    bytes, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NewUser(String username, String role, String status, Long quota) {

    public NewUser {
        Objects.requireNonNull(username, "username");
    }

    /** Just the name: everything else the repository's defaults. */
    public static NewUser named(String username) {
        return new NewUser(username, null, null, null);
    }
}
