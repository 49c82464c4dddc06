package org.imagerepo.client;

import java.net.URI;

/** 409 (or 412): the request conflicts with the image's current state. */
public class ConflictException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    public ConflictException(int status, URI type, String title, String detail) {
        super(Kind.CONFLICT, status, type, title, detail, null);
    }
}
