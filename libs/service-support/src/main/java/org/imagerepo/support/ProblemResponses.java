package org.imagerepo.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;

/** Writes a problem answer from plain Vert.x handlers (the streaming routes that bypass JAX-RS). */
public final class ProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    /** @return false when the answer could not be sent because the response had already started */
    public static boolean write(HttpServerResponse response, Problem problem) {
        if (response.headWritten() || response.ended() || response.closed()) {
            return false;
        }
        try {
            response.setStatusCode(problem.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(JSON.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }
}
