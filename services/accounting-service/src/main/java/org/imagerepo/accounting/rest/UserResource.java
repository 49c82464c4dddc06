package org.imagerepo.accounting.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.accounting.service.UserService;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

import java.util.Map;

/** The repository's users: thin, it only delegates. Only {@code /me} answers users who are not activated. */
@Path("/api/v1/users")
@Tag(name = "users", description = "Users' records: role, status, quota and usage")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    UserService users;

    @Inject
    Callers callers;

    @GET
    @Path("me")
    @Operation(summary = "The caller's own record, in any status (how a pending or deactivated user learns why)")
    @APIResponseSchema(value = UserView.class, responseDescription = "The caller's record")
    public UserView me(@HeaderParam(IdentityAssertion.HEADER) String identity) {
        return UserView.of(users.me(callers.anyStatus(identity)));
    }

    @GET
    @Operation(summary = "List the users in user-name order (admins)")
    @APIResponse(responseCode = "400", description = "`invalid-page`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the user list)")
    @APIResponseSchema(value = UserList.class, responseDescription = "A page of users")
    public UserList list(@HeaderParam(IdentityAssertion.HEADER) String identity,
                         @QueryParam("limit") @DefaultValue("100") int limit,
                         @QueryParam("offset") @DefaultValue("0") int offset) {
        return UserList.of(users.list(callers.active(identity), limit, offset).stream().map(UserView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add a user before their first sign-in (admins)",
            description = "{\"username\": \"alice\", \"role\": \"user\", \"status\": \"activated\", \"quota\": 8589934592}; "
                    + "only username is required.")
    @APIResponse(responseCode = "201", description = "The user's record; Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = UserView.class)))
    @APIResponse(responseCode = "400", description = "`missing-username`, `invalid-username`, `invalid-role`, "
            + "`invalid-status`, `invalid-quota`, `unknown-field`, "
            + "`malformed-json`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (adding users)")
    @APIResponse(responseCode = "409", description = "`user-exists`: a user of that name has a record")
    public Response add(@HeaderParam(IdentityAssertion.HEADER) String identity, Map<String, Object> body,
                        @Context UriInfo uri) {
        UserView user = UserView.of(users.add(callers.active(identity), body));
        return Response.created(uri.getAbsolutePathBuilder().path(user.username()).build()).entity(user).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "Show one user (admins, or the user themself)")
    @APIResponse(responseCode = "403", description = "`forbidden`: another user's record is for administrators")
    @APIResponse(responseCode = "404", description = "`not-found`: no such user")
    @APIResponseSchema(value = UserView.class, responseDescription = "The user's record")
    public UserView show(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name) {
        return UserView.of(users.show(callers.active(identity), name));
    }

    @PATCH
    @Path("{name}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a user's quota, role or status (admins)",
            description = "{\"quota\": 10737418240, \"role\": \"admin\", \"status\": \"activated\"}, any of them.")
    @APIResponse(responseCode = "400", description = "`invalid-role`, `invalid-status`, `invalid-quota`, "
            + "`unknown-field`, `empty-change`, `malformed-json`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (changing users)")
    @APIResponse(responseCode = "404", description = "`not-found`: no such user")
    @APIResponse(responseCode = "409", description = "`admin-lockout`: the change would leave the repository without "
            + "an activated administrator")
    @APIResponseSchema(value = UserView.class, responseDescription = "The user's record as changed")
    public UserView change(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name,
                           Map<String, Object> changes) {
        return UserView.of(users.change(callers.active(identity), name, changes));
    }

    @DELETE
    @Path("{name}")
    @Operation(summary = "Remove a user's record (admins); a later sign-in starts a fresh one")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (removing users)")
    @APIResponse(responseCode = "404", description = "`not-found`: no such user")
    @APIResponse(responseCode = "409", description = "`admin-lockout`: the change would leave the repository without "
            + "an activated administrator")
    public Response remove(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name) {
        users.remove(callers.active(identity), name);
        return Response.noContent().build();
    }
}
