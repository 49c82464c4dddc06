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
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one table from domain error to problem (ADR 19): the answers the REST API gave before it existed. */
class DomainProblemsTest {

    /** One of each kind, with the problem the API has always answered it with. */
    private static final Map<DomainException, Problem> ANSWERS = Map.ofEntries(
            Map.entry(new InvalidRequestException("invalid-query", "Unknown field 'colour'."),
                    problem(400, "invalid-query", "Bad request", "Unknown field 'colour'.")),
            Map.entry(new NotFoundException("No image with id 'x'."),
                    problem(404, "not-found", "Not found", "No image with id 'x'.")),
            Map.entry(new ForbiddenException("Only repository administrators can add users; bob is not one."),
                    problem(403, "forbidden", "Forbidden", "Only repository administrators can add users; bob is not one.")),
            Map.entry(new ConflictException("image-locked", "Image x is locked."),
                    problem(409, "image-locked", "Conflict", "Image x is locked.")),
            Map.entry(new LimitExceededException("too-large", "Image too large", "The image has 9 bytes."),
                    problem(413, "too-large", "Image too large", "The image has 9 bytes.")),
            Map.entry(new QuotaExceededException("Uploading 2 GiB would pass the quota.", 10, 4, 3, 5),
                    problem(413, "quota-exceeded", "Quota exceeded", "Uploading 2 GiB would pass the quota.")),
            Map.entry(new RangeNotSatisfiableException(7, "The requested range lies outside the image."),
                    problem(416, "range-not-satisfiable", "Range not satisfiable",
                            "The requested range lies outside the image.")),
            Map.entry(new InternalFaultException("bytes-missing", "Image bytes missing", "Tell an administrator."),
                    problem(500, "bytes-missing", "Image bytes missing", "Tell an administrator.")),
            Map.entry(new DependencyFailedException("copy-corrupt", "Copy corrupt", "It was deleted."),
                    problem(502, "copy-corrupt", "Copy corrupt", "It was deleted.")),
            Map.entry(new UnavailableException("store-unavailable", "Try again later."),
                    problem(503, "store-unavailable", "Service unavailable", "Try again later.")));

    @Test
    void eachKindIsAnsweredWithItsStatusSlugTitleAndDetail() {
        ANSWERS.forEach((error, answer) -> assertEquals(answer, DomainProblems.of(error), error.getClass().getName()));
    }

    @Test
    void everyKindOfDomainErrorHasAnAnswerAbove() {
        Set<Class<?>> covered = ANSWERS.keySet().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(kinds(DomainException.class), covered);
    }

    @Test
    void anInactiveAccountIsRefusedNamingItsStatus() {
        assertEquals(problem(403, "account-pending", "Account not active", "erin is pending."),
                DomainProblems.of(ForbiddenException.accountNotActive("pending", "erin is pending.")));
    }

    @Test
    void aQuotaRefusalCarriesItsNumbersAsMembersInOrder() {
        Map<String, Object> members = DomainProblems.members(new QuotaExceededException("No room.", 10, 4, 3, 5));
        assertEquals(List.of("quota", "usedBytes", "reservedBytes", "requestedBytes"), List.copyOf(members.keySet()));
        assertEquals(List.of(10L, 4L, 3L, 5L), List.copyOf(members.values()));
    }

    @Test
    void otherErrorsCarryNoMembers() {
        assertTrue(DomainProblems.members(new ConflictException("no-bytes", "No bytes yet.")).isEmpty());
    }

    @Test
    void answeringADomainErrorUsesTheTable() {
        NotFoundException missing = new NotFoundException("No user named x.");
        assertEquals(Optional.of(DomainProblems.of(missing)), DomainProblems.answering(missing));
    }

    @Test
    void answeringAProblemExceptionGivesTheProblemItCarries() {
        Problem unauthorized = problem(401, "unauthorized", "Unauthorized", "Send it through the gateway.");
        assertEquals(Optional.of(unauthorized), DomainProblems.answering(new ProblemException(unauthorized)));
    }

    @Test
    void answeringAnyOtherFailureIsLeftToTheCaller() {
        assertEquals(Optional.empty(), DomainProblems.answering(new IllegalStateException("a bug")));
    }

    private static Problem problem(int status, String slug, String title, String detail) {
        return new Problem("https://imagerepo.org/problems/" + slug, title, status, detail);
    }

    /** The classes a sealed hierarchy can throw: every permitted class that is not abstract, at any depth. */
    private static Set<Class<?>> kinds(Class<?> sealed) {
        Set<Class<?>> kinds = new HashSet<>();
        if (!java.lang.reflect.Modifier.isAbstract(sealed.getModifiers())) {
            kinds.add(sealed);
        }
        if (sealed.isSealed()) {
            for (Class<?> permitted : sealed.getPermittedSubclasses()) {
                kinds.addAll(kinds(permitted));
            }
        }
        return kinds;
    }
}
