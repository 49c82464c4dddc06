package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of users in user-name order; {@code count} is how many this answer holds. */
@Schema(name = "UserList")
public record UserList(int count, List<UserView> users) {

    public static UserList of(List<UserView> users) {
        return new UserList(users.size(), users);
    }
}
