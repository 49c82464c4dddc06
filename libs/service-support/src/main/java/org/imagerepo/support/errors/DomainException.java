package org.imagerepo.support.errors;

/**
 * An error with a meaning for the caller, in the domain's words: its class says what kind of refusal or
 * failure it is, {@link #slug()} names the problem for programs (clients and scripts test it), and the message
 * says what was wrong and what to do instead (the CLI prints it). No HTTP here: services, domain code and rules
 * throw these, and the edge answers each with problem+json through one table (ADR 19).
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidRequestException, NotFoundException, ForbiddenException, ConflictException,
        LimitExceededException, RangeNotSatisfiableException, UnavailableException, DependencyFailedException,
        InternalFaultException {

    private final String slug;
    private final String title;

    DomainException(String slug, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.slug = slug;
        this.title = title;
    }

    /** The problem's stable name, e.g. {@code invalid-query}. */
    public String slug() {
        return slug;
    }

    /** A short summary of this kind of problem, the same each time it happens, e.g. "Quota exceeded". */
    public String title() {
        return title;
    }
}
