package org.imagerepo.accounting.rest;

import jakarta.inject.Inject;
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
import org.imagerepo.accounting.service.HistoryService;
import org.imagerepo.accounting.service.Page;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

/** The books as history (ADR 10): thin, it only delegates. */
@Path("/api/v1/history")
@Tag(name = "history", description = "Images' and users' books: downloads, bytes transferred, usage")
@Produces(MediaType.APPLICATION_JSON)
public class HistoryResource {

    @Inject
    HistoryService history;

    @Inject
    Callers callers;

    @GET
    @Path("images")
    @Operation(summary = "Images' books, newest registration first: the caller's, or owner's (that user or admins), "
            + "or everyone's (admins, without owner)",
            description = "{\"count\", \"images\": [{imgId, owner, name, size, status (pending|available|failed|deleted), "
                    + "accessCount (whole-image downloads), bytesTransferred (every download), lastAccess, storedAt, "
                    + "deletedAt}]}; limit 1-1000 (100), offset.")
    @APIResponse(responseCode = "400", description = "`invalid-page`: limit 1-1000, offset 0 or more")
    @APIResponse(responseCode = "403", description = "`forbidden`: another owner's books, or everyone's, are for "
            + "administrators")
    @APIResponseSchema(value = ImageHistoryList.class, responseDescription = "A page of images' books")
    public ImageHistoryList images(@HeaderParam(IdentityAssertion.HEADER) String identity,
                                   @QueryParam("owner") String owner, @QueryParam("limit") String limit,
                                   @QueryParam("offset") String offset) {
        return ImageHistoryList.of(history.images(callers.active(identity), owner, Page.of(limit, offset)).stream()
                .map(ImageHistory::of).toList());
    }

    @GET
    @Path("images/{id}")
    @Operation(summary = "One image's books with a page of its downloads, newest first (its owner or admins)",
            description = "The image's fields, accesses: [{eventId, username, at, bytes, wholeImage}] and total (all "
                    + "its downloads). 404 as in the catalog for an image the caller does not own.")
    @APIResponse(responseCode = "400", description = "`invalid-page`")
    @APIResponse(responseCode = "404", description = "`not-found`: no books of that image the caller owns (as in the "
            + "catalog)")
    @APIResponseSchema(value = ImageHistoryDetail.class,
            responseDescription = "The image's books and a page of its downloads")
    public ImageHistoryDetail image(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("id") String id,
                                    @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        HistoryService.ImageAccesses image = history.image(callers.active(identity), id, Page.of(limit, offset));
        return ImageHistoryDetail.of(image.book(), image.accesses(), image.total());
    }

    @GET
    @Path("users")
    @Operation(summary = "Users' books in user-name order (admins)",
            description = "{\"count\", \"users\": [{username, quota, usedBytes, reservedBytes, imageCount, lastSignIn, "
                    + "downloads (whole-image downloads the user made), bytesDownloaded (bytes of all of them)}]}.")
    @APIResponse(responseCode = "400", description = "`invalid-page`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (users' books)")
    @APIResponseSchema(value = UserHistoryList.class, responseDescription = "A page of users' books")
    public UserHistoryList users(@HeaderParam(IdentityAssertion.HEADER) String identity,
                                 @QueryParam("limit") String limit, @QueryParam("offset") String offset) {
        return UserHistoryList.of(history.users(callers.active(identity), Page.of(limit, offset)).stream()
                .map(UserHistory::of).toList());
    }

    @GET
    @Path("users/{name}")
    @Operation(summary = "One user's books (that user or admins)")
    @APIResponse(responseCode = "403", description = "`forbidden`: another user's books are for administrators")
    @APIResponse(responseCode = "404", description = "`not-found`: no such user")
    @APIResponseSchema(value = UserHistory.class, responseDescription = "The user's books")
    public UserHistory user(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name) {
        return UserHistory.of(history.user(callers.active(identity), name));
    }
}
