package org.imagerepo.support.identity;

import java.util.Locale;

/** A user's role in the repository (the paper's admin and user). */
public enum Role {
    USER, ADMIN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the allowed values */
    public static Role parseWire(String text) {
        for (Role role : values()) {
            if (role.wire().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': use admin or user");
    }
}
