package org.imagerepo.client;

import java.net.URI;

/**
 * 401, or no usable token on this side: the caller is not signed in, the token expired or was refused. The
 * message says what happened; signing in again ({@code imagerepo login}) is the cure.
 */
public class UnauthorizedException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    public UnauthorizedException(int status, URI type, String title, String detail) {
        super(Kind.UNAUTHORIZED, status, type, title, detail, null);
    }

    /** A refusal decided on this side (no token cached, the session expired), not an HTTP answer. */
    public UnauthorizedException(String detail) {
        this(detail, null);
    }

    public UnauthorizedException(String detail, Throwable cause) {
        super(Kind.UNAUTHORIZED, 0, null, null, detail, cause);
    }
}
