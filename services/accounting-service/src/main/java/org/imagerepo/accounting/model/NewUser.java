package org.imagerepo.accounting.model;

import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;

import java.time.Instant;

/** The values of a record to insert; usage starts at 0. {@code lastSignIn} is null for a user added by an admin. */
public record NewUser(String username, Role role, UserStatus status, long quota, Instant createdAt, Instant lastSignIn) {
}
