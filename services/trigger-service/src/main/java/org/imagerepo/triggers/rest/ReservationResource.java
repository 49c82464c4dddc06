package org.imagerepo.triggers.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.triggers.model.ReservationState;
import org.imagerepo.triggers.rules.RainPrestagingRule;

import java.util.Arrays;
import java.util.Locale;

/** The rain reservations seen and how far their staging got. */
@Path("/api/v1/reservations")
@Tag(name = "reservations", description = "Rain reservations and their staging")
@Produces(MediaType.APPLICATION_JSON)
public class ReservationResource {

    @Inject
    RainPrestagingRule rain;

    @Inject
    Callers callers;

    @GET
    @Operation(summary = "The reservations, the latest to start first, optionally in one state (admins)")
    @APIResponse(responseCode = "400", description = "`invalid-state`, `invalid-page`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the rain reservations)")
    @APIResponseSchema(value = ReservationList.class, responseDescription = "A page of reservations")
    public ReservationList list(@HeaderParam(IdentityAssertion.HEADER) String identity,
                                @QueryParam("state") String state,
                                @QueryParam("limit") @DefaultValue("100") int limit,
                                @QueryParam("offset") @DefaultValue("0") int offset) {
        callers.active(identity).requireAdmin("see the rain reservations");
        Pages.check(limit, offset);
        String wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = ReservationState.parseWire(state.trim()).wire();
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid-state", "state must be one of " + String.join(", ",
                        Arrays.stream(ReservationState.values()).map(ReservationState::wire).toList())
                        + ", not '" + state + "'.");
            }
        }
        return ReservationList.of(rain.list(wanted, limit, offset).stream().map(ReservationView::of).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One reservation (admins)")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the rain reservations)")
    @APIResponse(responseCode = "404", description = "`not-found`: no reservation of that id was received")
    @APIResponseSchema(value = ReservationView.class, responseDescription = "The reservation")
    public ReservationView show(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id) {
        callers.active(identity).requireAdmin("see the rain reservations");
        return rain.find(id).map(ReservationView::of).orElseThrow(() -> new NotFoundException("No reservation " + id
                + " has been received (GET /api/v1/reservations lists them; invalid records are rejected, see "
                + "GET /api/v1/actions?rule=rain-prestaging)."));
    }
}
