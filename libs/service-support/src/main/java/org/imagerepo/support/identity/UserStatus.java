package org.imagerepo.support.identity;

import java.util.Locale;

/** Whether a user may use the repository: only {@link #ACTIVATED} users may do more than ask who they are. */
public enum UserStatus {
    PENDING, ACTIVATED, DEACTIVATED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static UserStatus parseWire(String text) {
        for (UserStatus status : values()) {
            if (status.wire().equals(text)) {
                return status;
            }
        }
        throw new IllegalArgumentException("unknown status '" + text + "': use pending, activated or deactivated");
    }

    /** Why a user in this status is refused, and what to do; null for activated users. */
    public String refusal(String username) {
        return switch (this) {
            case ACTIVATED -> null;
            case PENDING -> "The account of " + username + " is pending: a repository administrator has to activate it "
                    + "before it can be used ('imagerepo whoami' shows its status).";
            case DEACTIVATED -> "The account of " + username + " is deactivated: ask a repository administrator to "
                    + "activate it again ('imagerepo whoami' shows its status).";
        };
    }
}
