package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The answer to {@code GET /api/v1/users} (admins only).
 *
 * @param count how many users there are
 * @param users the users (never {@code null})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"count", "users"})
public record UserList(int count, List<User> users) {

    public UserList {
        users = users == null ? List.of() : List.copyOf(users);
    }
}
