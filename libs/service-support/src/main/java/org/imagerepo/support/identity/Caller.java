package org.imagerepo.support.identity;

import org.imagerepo.support.errors.ForbiddenException;

import java.util.Collection;
import java.util.Set;

/**
 * Who is calling, as the gateway vouched for it (ADR 9): the user name, the LDAP groups (projects) the
 * user is in, the repository role and status. {@code status} is null only in a sign-in assertion, which the
 * gateway sends before it knows the user's record. {@code assertion} is the signed text, forwarded when a
 * service calls another one for the same user.
 */
public record Caller(String username, Set<String> groups, Role role, UserStatus status, String assertion) {

    public Caller {
        groups = Set.copyOf(groups);
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }

    /** Whether the caller is in any of {@code names}. */
    public boolean inAnyGroup(Collection<String> names) {
        for (String name : names) {
            if (groups.contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** This caller, unless their account is pending or deactivated (403 saying why). */
    public Caller requireActive() {
        if (status != UserStatus.ACTIVATED) {
            String why = status == null
                    ? "This identity does not say whether " + username + " may use the repository; call through the gateway."
                    : status.refusal(username);
            throw ForbiddenException.accountNotActive(status == null ? "unknown" : status.wire(), why);
        }
        return this;
    }

    /** This caller, if an admin; otherwise 403 naming what only admins may do. */
    public Caller requireAdmin(String action) {
        requireActive();
        if (!isAdmin()) {
            throw new ForbiddenException("Only repository administrators can " + action + "; " + username + " is not one.");
        }
        return this;
    }
}
