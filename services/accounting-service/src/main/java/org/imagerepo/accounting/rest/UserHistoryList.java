package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** A page of users' books in user-name order; {@code count} is how many this answer holds. */
@Schema(name = "UserBooksPage")
public record UserHistoryList(int count, List<UserHistory> users) {

    public static UserHistoryList of(List<UserHistory> users) {
        return new UserHistoryList(users.size(), users);
    }
}
