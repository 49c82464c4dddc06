package org.imagerepo.support.errors;

/** What the request names does not exist, or is not visible to the caller (which looks the same to them). */
public final class NotFoundException extends DomainException {

    public NotFoundException(String detail) {
        super("not-found", "Not found", detail, null);
    }
}
