package org.imagerepo.support.errors;

/**
 * Something this service depends on answered, but wrongly: a store's bytes that do not match their checksum,
 * another service's answer that is not the contract's. Unlike {@link UnavailableException}, trying again soon
 * is unlikely to help; the title names the failure, e.g. "Copy corrupt".
 */
public final class DependencyFailedException extends DomainException {

    public DependencyFailedException(String slug, String title, String detail) {
        this(slug, title, detail, null);
    }

    public DependencyFailedException(String slug, String title, String detail, Throwable cause) {
        super(slug, title, detail, cause);
    }
}
