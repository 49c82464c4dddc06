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
    public Response register(@HeaderParam(IdentityAssertion.HEADER) String identity, Map<String, Object> metadata,
                             @Context UriInfo uri) {
        ImageView image = ImageView.of(images.register(callers.active(identity), metadata));
        return Response.created(uri.getAbsolutePathBuilder().path(image.imgId()).build()).entity(image).build();
    }

    @GET
    @Operation(summary = "List or query images", description = "q is a query such as '* where os=ubuntu, tag=hadoop' "
            + "or 'name,os where vmType=kvm'; values are case-insensitive regular expressions.")
    public QueryResult query(@HeaderParam(IdentityAssertion.HEADER) String identity, @QueryParam("q") String query,
                             @QueryParam("limit") @DefaultValue("100") int limit,
                             @QueryParam("offset") @DefaultValue("0") int offset) {
        return images.query(callers.active(identity), query, limit, offset);
    }

    @GET
    @Path("by-location")
    @Operation(summary = "Show the image with a copy at a location (an imgURI)")
    public ImageView showAt(@HeaderParam(IdentityAssertion.HEADER) String identity, @QueryParam("uri") String uri) {
        return ImageView.of(images.showAt(callers.active(identity), uri));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Show one image")
    public ImageView show(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id) {
        return ImageView.of(images.show(callers.active(identity), id));
    }

    @PATCH
    @Path("{id}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change the editable fields of an image")
    public ImageView modify(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                            Map<String, Object> changes) {
        return ImageView.of(images.modify(callers.active(identity), id, changes));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Remove an image and, asynchronously, its bytes")
    public Response remove(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id) {
        images.remove(callers.active(identity), id);
        return Response.noContent().build();
    }

    @PUT
    @Path("{id}/shares/{kind: users|groups}/{name}")
    @Operation(summary = "Share an image with a user or the members of an LDAP group (owner or admin)")
    public ImageView share(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                           @PathParam("kind") String kind, @PathParam("name") String name) {
        return ImageView.of(images.share(callers.active(identity), id, Share.ofPath(kind), name, true));
    }

    @DELETE
    @Path("{id}/shares/{kind: users|groups}/{name}")
    @Operation(summary = "Stop sharing an image with a user or an LDAP group (owner or admin)")
    public ImageView unshare(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                             @PathParam("kind") String kind, @PathParam("name") String name) {
        return ImageView.of(images.share(callers.active(identity), id, Share.ofPath(kind), name, false));
    }
}
