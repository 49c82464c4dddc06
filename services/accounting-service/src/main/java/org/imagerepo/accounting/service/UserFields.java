package org.imagerepo.accounting.service;

import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The fields of a request that adds or changes a user, checked: each refusal is a 400 that names the
 * allowed values. A field that is absent is null.
 */
record UserFields(String username, Role role, UserStatus status, Long quota) {

    static final String USERNAME = "username";
    static final String ROLE = "role";
    static final String STATUS = "status";
    static final String QUOTA = "quota";
    /** What POST /api/v1/users takes. */
    static final List<String> ADD = List.of(USERNAME, ROLE, STATUS, QUOTA);
    /** What PATCH /api/v1/users/{name} takes. */
    static final List<String> CHANGE = List.of(QUOTA, ROLE, STATUS);

    /** User names as LDAP uids spell them (the gateway's identities accept the same). */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    static UserFields parse(Map<String, Object> body, List<String> allowed) {
        Map<String, Object> fields = BodyFields.only(body, allowed);
        return new UserFields(
                fields.containsKey(USERNAME) ? username(fields.get(USERNAME)) : null,
                fields.containsKey(ROLE) ? role(fields.get(ROLE)) : null,
                fields.containsKey(STATUS) ? status(fields.get(STATUS)) : null,
                fields.containsKey(QUOTA) ? quota(fields.get(QUOTA)) : null);
    }

    boolean isEmpty() {
        return username == null && role == null && status == null && quota == null;
    }

    private static String username(Object value) {
        if (!(value instanceof String name) || !USER_NAME.matcher(name).matches()) {
            throw new InvalidRequestException("invalid-username", "Invalid username " + shown(value)
                    + ": use the user's LDAP uid, 1-64 letters, digits, '.', '_', '@' or '-'.");
        }
        return name;
    }

    private static Role role(Object value) {
        if (value instanceof String text) {
            try {
                return Role.parseWire(text);
            } catch (IllegalArgumentException e) {
                // falls through to the refusal
            }
        }
        throw new InvalidRequestException("invalid-role", "Invalid role " + shown(value) + ": use admin or user.");
    }

    private static UserStatus status(Object value) {
        if (value instanceof String text) {
            try {
                return UserStatus.parseWire(text);
            } catch (IllegalArgumentException e) {
                // falls through to the refusal
            }
        }
        throw new InvalidRequestException("invalid-status", "Invalid status " + shown(value)
                + ": use pending, activated or deactivated.");
    }

    private static Long quota(Object value) {
        Long bytes = BodyFields.byteCount(value);
        if (bytes == null) {
            throw new InvalidRequestException("invalid-quota", "Invalid quota " + shown(value)
                    + ": give a whole number of bytes, 0 or more (8589934592 is 8 GiB).");
        }
        return bytes;
    }

    private static String shown(Object value) {
        return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
    }
}
