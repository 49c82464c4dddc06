package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an admin changes about a user ({@code PATCH /api/v1/users/{name}}): only the fields that are not
 * {@code null} are sent.
 *
 * @param quota  bytes
 * @param role   {@code admin} or {@code user}
 * @param status {@code pending}, {@code activated} or {@code deactivated}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UserUpdate(Long quota, String role, String status) {

    public static UserUpdate quota(long bytes) {
        return new UserUpdate(bytes, null, null);
    }

    public static UserUpdate role(String role) {
        return new UserUpdate(null, role, null);
    }

    public static UserUpdate status(String status) {
        return new UserUpdate(null, null, status);
    }
}
