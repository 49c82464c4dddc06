package org.imagerepo.client;

import java.net.URI;

/** 400 (or 422): the request was malformed or a value was not allowed. */
public class BadRequestException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(int status, URI type, String title, String detail) {
        super(Kind.BAD_REQUEST, status, type, title, detail, null);
    }
}
