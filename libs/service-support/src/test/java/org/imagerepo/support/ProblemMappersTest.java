package org.imagerepo.support;

import jakarta.ws.rs.core.Response;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.QuotaExceededException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The REST resources' answer to a domain error: problem+json, as the table says. */
class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aDomainErrorIsAnsweredWithItsProblem() {
        ConflictException locked = new ConflictException("image-locked", "Image x is locked: unlock it first.");
        try (Response response = mappers.domain(locked)) {
            assertEquals(409, response.getStatus());
            assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
            assertEquals(DomainProblems.of(locked), response.getEntity());
        }
    }

    @Test
    void aQuotaRefusalIsAnsweredWithItsNumbersAfterTheProblem() {
        try (Response response = mappers.domain(new QuotaExceededException("No room left.", 10, 4, 3, 5))) {
            assertEquals(413, response.getStatus());
            Map<?, ?> body = (Map<?, ?>) response.getEntity();
            assertEquals(List.of("type", "title", "status", "detail", "quota", "usedBytes", "reservedBytes",
                    "requestedBytes"), List.copyOf(body.keySet()));
            assertEquals(List.of("https://imagerepo.org/problems/quota-exceeded", "Quota exceeded", 413, "No room left.",
                    10L, 4L, 3L, 5L), List.copyOf(body.values()));
        }
    }
}
