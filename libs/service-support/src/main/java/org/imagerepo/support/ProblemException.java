package org.imagerepo.support;

/**
 * A problem answer the HTTP edge builds itself (a malformed parameter, an identity refused) or passes on from
 * another service. Services and domain code throw {@link org.imagerepo.support.errors.DomainException}s instead
 * (ADR 19). The message must be actionable: say what was wrong and what to do instead.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public ProblemException(Problem problem, Throwable cause) {
        super(problem.detail(), cause);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(Problem.of(400, slug, "Bad request", detail));
    }

    public static ProblemException unavailable(String slug, String detail) {
        return new ProblemException(Problem.of(503, slug, "Service unavailable", detail));
    }

}
