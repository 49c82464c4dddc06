package org.imagerepo.support.errors;

/** The request itself is wrong (a field, a value, a query); {@code slug} says which rule it broke. */
public final class InvalidRequestException extends DomainException {

    public InvalidRequestException(String slug, String detail) {
        super(slug, "Bad request", detail, null);
    }
}
