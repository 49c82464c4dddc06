package org.imagerepo.triggers.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.triggers.repository.ActionLog;

/** What the rules did: every action, taken, would-be (dry run), failed or skipped (ADR 10). */
@Path("/api/v1/actions")
@Tag(name = "actions", description = "What the trigger rules did")
@Produces(MediaType.APPLICATION_JSON)
public class ActionResource {

    @Inject
    ActionLog actions;

    @Inject
    Callers callers;

    @GET
    @Operation(summary = "The actions, newest first, optionally of one rule and/or subject (admins)")
    @APIResponse(responseCode = "400", description = "`invalid-page`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the actions)")
    @APIResponseSchema(value = ActionList.class, responseDescription = "A page of actions")
    public ActionList list(@HeaderParam(IdentityAssertion.HEADER) String identity,
                           @QueryParam("rule") String rule, @QueryParam("subject") String subject,
                           @QueryParam("limit") @DefaultValue("100") int limit,
                           @QueryParam("offset") @DefaultValue("0") int offset) {
        callers.active(identity).requireAdmin("see the trigger actions");
        Pages.check(limit, offset);
        return ActionList.of(actions.list(blankToNull(rule), blankToNull(subject), limit, offset).stream()
                .map(ActionView::of).toList());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
