package org.imagerepo.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

/** Writes a problem answer from plain Vert.x handlers (the streaming routes that bypass JAX-RS). */
public final class ProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    /** The problem as the JSON body of an answer. */
    public static String json(Problem problem) {
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ends the response with the problem.
     *
     * @return completes once the answer is written, or null when it could not be sent because the response
     *         had already started
     */
    public static Future<Void> write(HttpServerResponse response, Problem problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return null;
        }
        return response.setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(json(problem));
    }
}
