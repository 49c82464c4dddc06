package org.imagerepo.catalog.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.catalog.repository.ImageStore.OwnerTotals;
import org.imagerepo.catalog.service.ImageService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

import java.util.List;

/**
 * What the catalog, which owns images, says each user owns: accounting-service reconciles its usage with
 * it (ADR 10 point 3). Internal: the gateway does not route it; callers bring an administrator's identity.
 */
@Path("/internal/v1/owners")
@Tag(name = "owners", description = "Per owner: images and bytes (administrators)")
@Produces(MediaType.APPLICATION_JSON)
public class OwnerResource {

    @Inject
    ImageService images;

    @Inject
    Callers callers;

    @GET
    @Operation(summary = "Every owner's number of images (any status) and bytes of available and locked images")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only")
    @APIResponse(responseCode = "200", description = "Every owner's totals",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = OwnerTotals.class, type = SchemaType.ARRAY)))
    public List<OwnerTotals> owners(@HeaderParam(IdentityAssertion.HEADER) String identity) {
        return images.ownerTotals(callers.active(identity));
    }
}
