package org.imagerepo.support.errors;

/** The request would pass a limit of the repository, e.g. {@code too-large}: an image bigger than it takes. */
public sealed class LimitExceededException extends DomainException permits QuotaExceededException {

    public LimitExceededException(String slug, String title, String detail) {
        super(slug, title, detail, null);
    }
}
