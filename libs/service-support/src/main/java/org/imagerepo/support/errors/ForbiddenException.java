package org.imagerepo.support.errors;

/** The caller is known, but may not do this: not the owner, not an administrator, or an account not active. */
public final class ForbiddenException extends DomainException {

    public ForbiddenException(String detail) {
        this("forbidden", "Forbidden", detail);
    }

    private ForbiddenException(String slug, String title, String detail) {
        super(slug, title, detail, null);
    }

    /** An account that may not use the repository (yet, or any more): {@code account-<status>}. */
    public static ForbiddenException accountNotActive(String status, String detail) {
        return new ForbiddenException("account-" + status, "Account not active", detail);
    }
}
