package org.imagerepo.client;

import java.util.Objects;

/**
 * The repository's users ({@code /api/v1/users}): the caller's own record, and for admins everyone's.
 * From {@link ImageRepoClient#users()}.
 */
public final class Users {

    private static final String USERS = "/api/v1/users";

    private final Transport transport;

    Users(Transport transport) {
        this.transport = transport;
    }

    /**
     * The caller's own record. Works for pending and deactivated users too: it is how they learn why the
     * repository refuses them.
     */
    public User whoami() {
        return transport.call(transport.request(USERS + "/me"), User.class, 200);
    }

    /** Every user (admins only). */
    public UserList list() {
        return transport.call(transport.request(USERS), UserList.class, 200);
    }

    /** One user; {@link NotFoundException} if there is none. */
    public User show(String username) {
        return transport.call(transport.request(userPath(username)), User.class, 200);
    }

    /** Registers a user before their first sign-in (admins only). */
    public User add(NewUser user) {
        Objects.requireNonNull(user, "user");
        ApiPaths.segment(user.username(), "user");
        return transport.call(transport.jsonRequest("POST", USERS, user), User.class, 201, 200);
    }

    /** Changes a user's quota, role or status (admins only); returns the user as they are afterwards. */
    public User update(String username, UserUpdate update) {
        Objects.requireNonNull(update, "update");
        return transport.call(transport.jsonRequest("PATCH", userPath(username), update), User.class, 200);
    }

    /** Removes a user's record (admins only). */
    public void remove(String username) {
        transport.call(transport.request(userPath(username)).DELETE(), 204, 200);
    }

    private static String userPath(String username) {
        return USERS + "/" + ApiPaths.segment(username, "user");
    }
}
