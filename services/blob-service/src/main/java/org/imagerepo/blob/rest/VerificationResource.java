package org.imagerepo.blob.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.blob.service.Verification;
import org.imagerepo.blob.service.VerificationService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

/**
 * {@code POST} reads every copy of an image back from its store and answers whether each still has the
 * catalog's size and SHA-256. A POST, not a GET: it is work on the stores (it reads the whole image from
 * each), not a view of a stored resource, and nothing should cache or prefetch it.
 */
@Path("/api/v1/images/{id}/verification")
@Tag(name = "copies")
public class VerificationResource {

    @Inject
    VerificationService verifications;

    @Inject
    Callers callers;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Read every copy back and compare its size and sha256 with the catalog's (owner or admin; "
            + "not counted as an access)")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may verify an "
            + "image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponse(responseCode = "409", description = "`no-bytes`: the image has no stored bytes")
    @APIResponse(responseCode = "503", description = "`catalog-unavailable`")
    @APIResponseSchema(value = Verification.class, responseDescription = "What each copy measured")
    public Verification verify(@PathParam("id") String id, @HeaderParam(IdentityAssertion.HEADER) String identity) {
        return verifications.verify(id, callers.active(identity));
    }
}
