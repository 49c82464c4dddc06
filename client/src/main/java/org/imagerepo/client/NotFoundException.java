package org.imagerepo.client;

import java.net.URI;

/** 404 (or 410): the image does not exist or is not visible to the caller. */
public class NotFoundException extends ImageRepoException {

    private static final long serialVersionUID = 1L;

    public NotFoundException(int status, URI type, String title, String detail) {
        super(Kind.NOT_FOUND, status, type, title, detail, null);
    }
}
