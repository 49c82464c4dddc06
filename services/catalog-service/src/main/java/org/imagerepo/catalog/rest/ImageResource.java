package org.imagerepo.catalog.rest;

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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.catalog.service.ImageService;
import org.imagerepo.support.ActingUser;

import java.util.Map;

/** The catalog's REST resource: thin, it only delegates. Bytes are served by blob-service. */
@Path("/api/v1/images")
@Tag(name = "images", description = "Image metadata: register, show, query, modify, remove")
@Produces(MediaType.APPLICATION_JSON)
public class ImageResource {

    @Inject
    ImageService images;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an image (its bytes follow with PUT /api/v1/images/{id}/file)")
    public Response register(@HeaderParam(ActingUser.HEADER) String user, Map<String, Object> metadata,
                             @Context UriInfo uri) {
        ImageView image = images.register(ActingUser.require(user), metadata);
        return Response.created(uri.getAbsolutePathBuilder().path(image.imgId()).build()).entity(image).build();
    }

    @GET
    @Operation(summary = "List or query images", description = "q is a query such as '* where os=ubuntu, tag=hadoop' "
            + "or 'name,os where vmType=kvm'; values are case-insensitive regular expressions.")
    public QueryResult query(@HeaderParam(ActingUser.HEADER) String user, @QueryParam("q") String query,
                             @QueryParam("limit") @DefaultValue("100") int limit,
                             @QueryParam("offset") @DefaultValue("0") int offset) {
        return images.query(ActingUser.require(user), query, limit, offset);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show one image")
    public ImageView show(@HeaderParam(ActingUser.HEADER) String user, @PathParam("id") String id) {
        return images.show(ActingUser.require(user), id);
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change the editable fields of an image")
    public ImageView modify(@HeaderParam(ActingUser.HEADER) String user, @PathParam("id") String id,
                            Map<String, Object> changes) {
        return images.modify(ActingUser.require(user), id, changes);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove an image and, asynchronously, its bytes")
    public Response remove(@HeaderParam(ActingUser.HEADER) String user, @PathParam("id") String id) {
        images.remove(ActingUser.require(user), id);
        return Response.noContent().build();
    }
}
