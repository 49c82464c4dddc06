package org.imagerepo.support;

import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.DependencyFailedException;
import org.imagerepo.support.errors.DomainException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.InternalFaultException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.LimitExceededException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.errors.QuotaExceededException;
import org.imagerepo.support.errors.RangeNotSatisfiableException;
import org.imagerepo.support.errors.UnavailableException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one table from a domain error to its problem+json answer (ADR 19): the status by kind of error; the type
 * slug, title and detail as the error says them. The REST resources' mapper (ProblemMappers), the Vert.x routes
 * and the gateway all answer through it.
 */
public final class DomainProblems {

    /** The status of each kind of error; a kind without a line answers as the kind it extends. */
    private static final Map<Class<? extends DomainException>, Integer> STATUS = Map.of(
            InvalidRequestException.class, 400,
            ForbiddenException.class, 403,
            NotFoundException.class, 404,
            ConflictException.class, 409,
            LimitExceededException.class, 413,
            RangeNotSatisfiableException.class, 416,
            InternalFaultException.class, 500,
            DependencyFailedException.class, 502,
            UnavailableException.class, 503);

    private DomainProblems() {
    }

    public static Problem of(DomainException e) {
        return Problem.of(status(e), e.slug(), e.title(), e.getMessage());
    }

    /** The extension members of the answer (RFC 9457 §3.2), in order: a quota refusal's numbers; else none. */
    public static Map<String, Object> members(DomainException e) {
        if (!(e instanceof QuotaExceededException quota)) {
            return Map.of();
        }
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("quota", quota.quota());
        members.put("usedBytes", quota.usedBytes());
        members.put("reservedBytes", quota.reservedBytes());
        members.put("requestedBytes", quota.requestedBytes());
        return members;
    }

    /**
     * The problem a failure someone meant is answered with: a domain error's by the table, a {@link ProblemException}'s
     * as it carries it. Empty for any other failure: a bug, to log and answer with a 500.
     */
    public static Optional<Problem> answering(Throwable e) {
        if (e instanceof DomainException domain) {
            return Optional.of(of(domain));
        }
        if (e instanceof ProblemException problem) {
            return Optional.of(problem.problem());
        }
        return Optional.empty();
    }

    static int status(DomainException e) {
        for (Class<?> kind = e.getClass(); kind != DomainException.class; kind = kind.getSuperclass()) {
            Integer status = STATUS.get(kind);
            if (status != null) {
                return status;
            }
        }
        // DomainException is sealed: a new kind needs its line in STATUS (DomainProblemsTest checks every one).
        throw new IllegalStateException("no status for " + e.getClass().getName());
    }
}
