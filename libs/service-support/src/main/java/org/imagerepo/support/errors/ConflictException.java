package org.imagerepo.support.errors;

/** The request is sound but clashes with the current state (a locked image, a used link); {@code slug} says how. */
public final class ConflictException extends DomainException {

    public ConflictException(String slug, String detail) {
        super(slug, "Conflict", detail, null);
    }
}
