package org.imagerepo.accounting.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.accounting.service.UserService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

/** Called by the gateway only, with a sign-in assertion, when it sees a user it has not seen for a while (ADR 9). */
@Path("/internal/v1/sign-ins")
@Tag(name = "sign-ins", description = "The gateway registers users at their first sign-in")
@Produces(MediaType.APPLICATION_JSON)
public class SignInResource {

    @Inject
    UserService users;

    @Inject
    Callers callers;

    @POST
    @Operation(summary = "Record a sign-in; registers the user the first time. Answers the user's record.")
    @APIResponse(responseCode = "503", description = "`events-unavailable`: the registration could not be announced")
    @APIResponseSchema(value = UserView.class, responseDescription = "The user's record")
    public UserView signIn(@HeaderParam(IdentityAssertion.HEADER) String identity) {
        return UserView.of(users.signIn(callers.anyStatus(identity)));
    }
}
