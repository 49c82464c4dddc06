package org.imagerepo.blob.rest;

import jakarta.ws.rs.core.Response;
import org.imagerepo.blob.client.ForwardedProblem;
import org.imagerepo.support.Problem;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Another service's refusal passed on as that service wrote it, members beyond {@link Problem}'s included: the quota
 * refusal of creating an upload keeps its quota, usedBytes, reservedBytes and requestedBytes (ADR 20 found them lost
 * on {@code POST /internal/v1/transfers}; the byte routes already kept them). More specific than service-support's
 * mapper of every problem, so it wins.
 */
public class ForwardedProblemMapper {

    @ServerExceptionMapper
    public Response forwarded(ForwardedProblem e) {
        return Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.json()).build();
    }
}
