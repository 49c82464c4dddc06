package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.accounting.model.UserAccount;

import java.time.Instant;

/** A user's record as the API answers it; times ISO-8601, {@code lastSignIn} null until the first sign-in. */
@Schema(name = "User", description = "A user's record; lastSignIn null until the first sign-in")
public record UserView(String username, String role, String status, long quota, long usedBytes, long reservedBytes,
                       long imageCount, Instant createdAt, @Schema(nullable = true) Instant lastSignIn) {

    public static UserView of(UserAccount account) {
        return new UserView(account.username, account.role.wire(), account.status.wire(), account.quota,
                account.usedBytes, account.reservedBytes, account.imageCount, account.createdAt, account.lastSignIn);
    }
}
