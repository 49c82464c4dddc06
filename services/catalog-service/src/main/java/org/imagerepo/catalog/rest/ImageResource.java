package org.imagerepo.catalog.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.catalog.service.ImageService;
import org.imagerepo.catalog.service.QueryResult;
import org.imagerepo.catalog.service.ImageService.Share;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

import java.util.Map;

/** The catalog's REST resource: thin, it only delegates. Bytes are served by blob-service. */
@Path("/api/v1/images")
@Tag(name = "images", description = "Image metadata: register, show, query, modify, remove")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    @Inject
    ImageService images;

    @Inject
    Callers callers;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an image (its bytes follow with PUT /api/v1/images/{id}/file)")
    @APIResponse(responseCode = "201", description = "The image, pending until its bytes are stored; Location names "
            + "it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImageView.class)))
    @APIResponse(responseCode = "400", description = "`invalid-value`, `unknown-field`, `system-field`: a field the "
            + "caller may not set, or a value not allowed; `malformed-json`")
    public Response register(@HeaderParam(IdentityAssertion.HEADER) String identity, Map<String, Object> metadata,
                             @Context UriInfo uri) {
        ImageView image = ImageView.of(images.register(callers.active(identity), metadata));
        return Response.created(uri.getAbsolutePathBuilder().path(image.imgId()).build()).entity(image).build();
    }

    @GET
    @Operation(summary = "List or query images", description = "q is a query such as '* where os=ubuntu, tag=hadoop' "
            + "or 'name,os where vmType=kvm'; values are case-insensitive regular expressions.")
    @APIResponse(responseCode = "400", description = "`invalid-query`: the query does not parse, or uses a regular "
            + "expression outside the safe subset; `invalid-page`")
    @APIResponseSchema(value = QueryResult.class,
            responseDescription = "The matching images the caller may see, with the fields asked for")
    public QueryResult query(@HeaderParam(IdentityAssertion.HEADER) String identity, @QueryParam("q") String query,
                             @QueryParam("limit") @DefaultValue("100") int limit,
                             @QueryParam("offset") @DefaultValue("0") int offset) {
        return images.query(callers.active(identity), query, limit, offset);
    }

    @GET
    @Path("by-location")
    @Operation(summary = "Show the image with a copy at a location (an imgURI)")
    @APIResponse(responseCode = "400", description = "`missing-location`: no uri given")
    @APIResponse(responseCode = "404", description = "`not-found`: no image has a copy there that the caller may see")
    @APIResponseSchema(value = ImageView.class, responseDescription = "The image")
    public ImageView showAt(@HeaderParam(IdentityAssertion.HEADER) String identity, @QueryParam("uri") String uri) {
        return ImageView.of(images.showAt(callers.active(identity), uri));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show one image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponseSchema(value = ImageView.class, responseDescription = "The image")
    public ImageView show(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id) {
        return ImageView.of(images.show(callers.active(identity), id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change the editable fields of an image")
    @APIResponse(responseCode = "400", description = "`invalid-value`, `unknown-field`, `system-field`, "
            + "`empty-change`, `malformed-json`")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may change an "
            + "image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponse(responseCode = "409", description = "`no-bytes`: an image without stored bytes cannot be made "
            + "available")
    @APIResponseSchema(value = ImageView.class, responseDescription = "The image as changed")
    public ImageView modify(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                            Map<String, Object> changes) {
        return ImageView.of(images.modify(callers.active(identity), id, changes));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove an image and, asynchronously, its bytes")
    @APIResponse(responseCode = "204", description = "Removed; its bytes are deleted asynchronously")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may remove an "
            + "image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponse(responseCode = "409", description = "`image-locked`: a locked image cannot be removed (make it "
            + "available first)")
    public Response remove(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id) {
        images.remove(callers.active(identity), id);
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/shares/{kind: users|groups}/{name}")
    @Operation(summary = "Share an image with a user or the members of an LDAP group (owner or admin)")
    @APIResponse(responseCode = "400", description = "`invalid-share`: not a user or group name")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may share an "
            + "image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponse(responseCode = "409", description = "`too-many-shares`: the image is shared with as many users and "
            + "groups as it may be")
    @APIResponseSchema(value = ImageView.class, responseDescription = "The image as shared")
    public ImageView share(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                           @PathParam("kind") String kind, @PathParam("name") String name) {
        return ImageView.of(images.share(callers.active(identity), id, Share.ofPath(kind), name, true));
    }

    @DELETE
    @Path("{id}/shares/{kind: users|groups}/{name}")
    @Operation(summary = "Stop sharing an image with a user or an LDAP group (owner or admin)")
    @APIResponse(responseCode = "403", description = "`forbidden`: only the owner or an administrator may share an "
            + "image")
    @APIResponse(responseCode = "404", description = "`not-found`: no such image, or one the caller may not see")
    @APIResponseSchema(value = ImageView.class, responseDescription = "The image as shared")
    public ImageView unshare(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                             @PathParam("kind") String kind, @PathParam("name") String name) {
        return ImageView.of(images.share(callers.active(identity), id, Share.ofPath(kind), name, false));
    }
}
