package org.imagerepo.blob.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.imagerepo.blob.service.DownloadService;
import org.imagerepo.blob.service.UploadService;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.transfer.TransferCapability;

/**
 * The first half of a one-hop transfer (ADR 16), asked by the gateway with the caller's identity: blob-service
 * decides what the transfer is (the copy to read; for an upload, that the caller may upload and the quota held
 * for it) and answers it unsigned; the gateway signs it and sends the client here with it.
 */
@Path("/internal/v1/transfers")
public class TransferResource {

    @Inject
    UploadService uploads;

    @Inject
    DownloadService downloads;

    @Inject
    Callers callers;

    /**
     * What transfer to prepare: {@code operation} upload (of {@code size} bytes, -1 or absent when unknown) or
     * download (of {@code imageId}, from {@code store} if given; or of the copy at {@code location}).
     */
    public record TransferRequest(String operation, String imageId, Long size, String store, String location) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Prepare a transfer for the gateway to sign (ADR 16)",
            description = "Upload: admits the caller as the image's uploader and holds quota for the declared size "
                    + "(a first slice when unknown); the reservation is the upload session. Download: resolves the "
                    + "copy to read as the caller sees the image. 201 the unsigned capability; the problems of the "
                    + "transfer itself otherwise (404, 409 no-bytes, 413 quota-exceeded, ...).")
    @APIResponse(responseCode = "201", description = "The unsigned capability for the gateway to sign",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = TransferCapability.class)))
    @APIResponse(responseCode = "400", description = "`invalid-transfer`, `unknown-store`, `missing-location`")
    @APIResponse(responseCode = "403", description = "`forbidden`: the caller may not upload this image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponse(responseCode = "409", description = "`no-bytes`, `bytes-exist`, `upload-in-progress`")
    @APIResponse(responseCode = "413", description = "`quota-exceeded`, `too-large`")
    @APIResponse(responseCode = "503", description = "`quota-unavailable`, `catalog-unavailable`")
    public Response prepare(@HeaderParam(IdentityAssertion.HEADER) String identity, TransferRequest request) {
        Caller caller = callers.active(identity);
        if (request == null || request.operation() == null) {
            throw ProblemException.badRequest("invalid-transfer", "Say what to prepare: {\"operation\": \"upload\" "
                    + "or \"download\", \"imageId\": ...}.");
        }
        TransferCapability.Operation operation;
        try {
            operation = TransferCapability.Operation.parseWire(request.operation());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("invalid-transfer", e.getMessage());
        }
        TransferCapability prepared = switch (operation) {
            case UPLOAD -> uploads.prepare(requireImage(request), caller,
                    request.size() == null ? -1 : request.size());
            case DOWNLOAD -> request.imageId() == null
                    ? downloads.prepareGrant(downloads.prepareAt(request.location(), caller, null), caller)
                    : downloads.prepareGrant(downloads.prepare(request.imageId(), caller, null, request.store()), caller);
        };
        return Response.status(201).entity(prepared).build();
    }

    private static String requireImage(TransferRequest request) {
        if (request.imageId() == null || request.imageId().isBlank()) {
            throw ProblemException.badRequest("invalid-transfer", "Say which image: \"imageId\".");
        }
        return request.imageId();
    }
}
