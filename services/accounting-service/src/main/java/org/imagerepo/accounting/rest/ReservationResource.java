package org.imagerepo.accounting.rest;

import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.transfer.TransferCapability;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.accounting.service.ReservationService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

import java.util.Map;

/** Quota held for uploads in progress; called by blob-service with the uploader's identity (ADR 10). */
@Path("/internal/v1/reservations")
@Tag(name = "reservations", description = "blob-service holds quota before it reads a body byte")
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    @Inject
    ReservationService reservations;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Hold quota for an upload by the caller",
            description = "{\"imgId\": \"...\", \"bytes\": 1073741824}: the declared size, or a first slice of a body of "
                    + "unknown length. 201 the reservation; 413 quota-exceeded (with members quota, usedBytes, "
                    + "reservedBytes, requestedBytes) when usage + reservations + bytes would pass the quota; 403 for a "
                    + "user without a record.")
    @APIResponse(responseCode = "201", description = "The reservation; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ReservationView.class)))
    @APIResponse(responseCode = "400", description = "`invalid-image-id`, `invalid-bytes`, `unknown-field`")
    @APIResponse(responseCode = "403", description = "`forbidden`: a user without a record")
    @APIResponse(responseCode = "409", description = "`bytes-exist`: the image has its bytes already")
    @APIResponse(responseCode = "413", description = "`quota-exceeded`: usage + reservations + bytes would pass the "
            + "quota; the problem also carries quota, usedBytes, reservedBytes"
            + " and requestedBytes")
    public Response reserve(@HeaderParam(IdentityAssertion.HEADER) String identity, Map<String, Object> body,
                            @Context UriInfo uri) {
        ReservationView reservation = ReservationView.of(reservations.reserve(callers.active(identity), body));
        return Response.created(uri.getAbsolutePathBuilder().path(reservation.reservationId()).build())
                .entity(reservation).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a reservation to a new total (grow as bytes arrive, or shrink)",
            description = "{\"bytes\": 2147483648}; growing is refused like a new reservation (413).")
    @APIResponse(responseCode = "400", description = "`invalid-bytes`, `unknown-field`")
    @APIResponse(responseCode = "403", description = "`forbidden`: another user's reservation, or a capability for "
            + "another")
    @APIResponse(responseCode = "404", description = "`not-found`: no such reservation")
    @APIResponse(responseCode = "413", description = "`quota-exceeded`: as when reserving")
    @APIResponseSchema(value = ReservationView.class, responseDescription = "The reservation at its new total")
    public ReservationView resize(@HeaderParam(IdentityAssertion.HEADER) String identity,
                                  @HeaderParam(TransferCapability.HEADER) String capability, @PathParam("id") String id,
                                  Map<String, Object> body) {
        return ReservationView.of(reservations.resize(callerFor(id, identity, capability), id, body));
    }

    @POST
    @Path("{id}/claim")
    @Operation(summary = "Claim a reservation for the one upload its capability allows (ADR 16)",
            description = "Called by blob-service with the upload capability (X-Imagerepo-Transfer) when the upload "
                    + "starts: 200 the reservation; 409 capability-used when it was claimed before, bytes-exist when it was "
                    + "settled by another upload of the image; 404 when it is gone.")
    @APIResponse(responseCode = "403", description = "`forbidden`, `capability-refused`: a capability for another "
            + "reservation")
    @APIResponse(responseCode = "404", description = "`not-found`: the reservation is gone")
    @APIResponse(responseCode = "409", description = "`capability-used`: claimed before; `bytes-exist`: settled by "
            + "another upload of the image")
    @APIResponseSchema(value = ReservationView.class, responseDescription = "The reservation, claimed")
    public ReservationView claim(@HeaderParam(IdentityAssertion.HEADER) String identity,
                                 @HeaderParam(TransferCapability.HEADER) String capability, @PathParam("id") String id) {
        if (capability == null) {
            return ReservationView.of(reservations.claim(callers.active(identity), id, null));
        }
        TransferCapability granted = granted(id, capability);
        return ReservationView.of(reservations.claim(granted.caller(), id, granted.imageId()));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Release a reservation (the upload failed); one already gone answers 204 too")
    @APIResponse(responseCode = "204", description = "Released, or gone already")
    @APIResponse(responseCode = "403", description = "`forbidden`: another user's reservation, or a capability for "
            + "another")
    public Response release(@HeaderParam(IdentityAssertion.HEADER) String identity,
                            @HeaderParam(TransferCapability.HEADER) String capability, @PathParam("id") String id) {
        reservations.release(callerFor(id, identity, capability), id);
        return Response.noContent().build();
    }

    /**
     * The uploader: from the gateway's identity, or from the upload capability the gateway signed, which speaks for
     * its own reservation and nothing else (ADR 16).
     */
    private Caller callerFor(String reservationId, String identity, String capability) {
        return capability == null ? callers.active(identity) : granted(reservationId, capability).caller();
    }

    /** The upload capability, checked (signature, expiry) and refused unless it names this reservation. */
    private TransferCapability granted(String reservationId, String capability) {
        TransferCapability granted = callers.transfer(capability);
        if (granted.operation() != TransferCapability.Operation.UPLOAD || !reservationId.equals(granted.reservationId())) {
            throw new ForbiddenException("This transfer capability is not for reservation " + reservationId + ".");
        }
        return granted;
    }
}
