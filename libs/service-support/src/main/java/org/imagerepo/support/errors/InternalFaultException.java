package org.imagerepo.support.errors;

/**
 * The repository's own state or configuration is broken in a way the caller cannot mend: bytes missing from
 * a store, a copy in a store this service is not configured with. The detail tells them to tell an
 * administrator; the title names the fault, e.g. "Image bytes missing".
 */
public final class InternalFaultException extends DomainException {

    public InternalFaultException(String slug, String title, String detail) {
        this(slug, title, detail, null);
    }

    public InternalFaultException(String slug, String title, String detail, Throwable cause) {
        super(slug, title, detail, cause);
    }
}
