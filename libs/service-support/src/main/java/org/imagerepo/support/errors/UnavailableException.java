package org.imagerepo.support.errors;

/**
 * Something this service depends on (a store, the event bus, another service) cannot be reached now; trying
 * again later may succeed. {@code slug} names what, e.g. {@code store-unavailable}.
 */
public final class UnavailableException extends DomainException {

    public UnavailableException(String slug, String detail) {
        this(slug, detail, null);
    }

    public UnavailableException(String slug, String detail, Throwable cause) {
        super(slug, "Service unavailable", detail, cause);
    }
}
