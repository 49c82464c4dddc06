package org.imagerepo.client;

import java.net.URI;

/**
 * 403: the caller is known but may not do this (not an admin, or an account that is pending or deactivated:
 * the detail says which and what to do).
 */
public class ForbiddenException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    public ForbiddenException(int status, URI type, String title, String detail) {
        super(Kind.FORBIDDEN, status, type, title, detail, null);
    }
}
