package org.imagerepo.blob.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.imagerepo.blob.service.CopyResult;
import org.imagerepo.blob.service.CopyService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

/**
 * The copies of an image's bytes: {@code POST} makes one in another store (ADR 6), {@code DELETE ?uri=}
 * removes one of several (ADR 10 point 5).
 */
@Path("/api/v1/images/{id}/locations")
public class LocationResource {

    @Inject
    CopyService copies;

    @Inject
    Callers callers;

    /** What to copy into. */
    public record CopyRequest(String store) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response copy(@PathParam("id") String id, @HeaderParam(IdentityAssertion.HEADER) String identity, CopyRequest request) {
        CopyResult result = copies.copy(id, callers.active(identity), request == null ? null : request.store());
        return Response.created(UriBuilder.fromPath("/api/v1/images/{id}/file").queryParam("store", result.store())
                .build(id)).entity(result).build();
    }

    @DELETE
    public Response remove(@PathParam("id") String id, @HeaderParam(IdentityAssertion.HEADER) String identity,
                           @QueryParam("uri") String location) {
        copies.remove(id, callers.active(identity), location);
        return Response.noContent().build();
    }
}
