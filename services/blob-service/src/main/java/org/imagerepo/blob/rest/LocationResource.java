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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.blob.service.CopyResult;
import org.imagerepo.blob.service.CopyService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

/**
 * The copies of an image's bytes: {@code POST} makes one in another store (ADR 6), {@code DELETE ?uri=}
 * removes one of several (ADR 10 point 5).
 */
@Path("/api/v1/images/{id}/locations")
@Tag(name = "copies", description = "An image's bytes in several stores (ADR 6), and their verification")
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
    @Operation(summary = "Copy an image's bytes into another store (owner or admin)",
            description = "{\"store\": \"s3\"}; the copy is read back and its sha256 compared with the catalog's "
                    + "before it is listed in the image's locations.")
    @APIResponse(responseCode = "201", description = "The new copy, its sha256 checked; Location is where to read it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = CopyResult.class)))
    @APIResponse(responseCode = "400", description = "`unknown-store`: a store this repository does not have")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may copy an "
            + "image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponse(responseCode = "409", description = "`no-bytes`: the image has no stored bytes; `copy-exists`: the "
            + "store holds a copy already; `copy-in-progress`")
    @APIResponse(responseCode = "502", description = "`copy-failed`, `copy-corrupt`: the copy could not be written, "
            + "or read back with another sha256")
    @APIResponse(responseCode = "503", description = "`store-unavailable`, `catalog-unavailable`, "
            + "`events-unavailable`")
    public Response copy(@PathParam("id") String id, @HeaderParam(IdentityAssertion.HEADER) String identity, CopyRequest request) {
        CopyResult result = copies.copy(id, callers.active(identity), request == null ? null : request.store());
        return Response.created(UriBuilder.fromPath("/api/v1/images/{id}/file").queryParam("store", result.store())
                .build(id)).entity(result).build();
    }

    @DELETE
    @Operation(summary = "Remove one copy (?uri=LOCATION) of an image that has others (owner or admin)")
    @APIResponse(responseCode = "204", description = "The copy is removed")
    @APIResponse(responseCode = "400", description = "`missing-location`: no uri given")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may remove a "
            + "copy")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or no copy of it at that location")
    @APIResponse(responseCode = "409", description = "`last-copy`: the only copy; remove the image instead")
    @APIResponse(responseCode = "503", description = "`store-unavailable`, `catalog-unavailable`, "
            + "`events-unavailable`")
    public Response remove(@PathParam("id") String id, @HeaderParam(IdentityAssertion.HEADER) String identity,
                           @QueryParam("uri") String location) {
        copies.remove(id, callers.active(identity), location);
        return Response.noContent().build();
    }
}
