package org.imagerepo.accounting.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.imagerepo.accounting.service.Reconciler;
import org.imagerepo.accounting.service.ReconciliationReport;
import org.imagerepo.accounting.service.UsageReport;
import org.imagerepo.accounting.service.UsageService;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;

/** Usage over time and its reconciliation with the catalog (ADR 10): thin, it only delegates. */
@Path("/api/v1/usage")
@Tag(name = "usage", description = "Stored byte-hours and transfers per day; reconciliation with the catalog")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    @Inject
    UsageService usage;

    @Inject
    Reconciler reconciler;

    @Inject
    Callers callers;

    @GET
    @Operation(summary = "Usage per UTC day in [from, to): the caller's, another user's or everyone's (user=*; admins)",
            description = "from/to as YYYY-MM-DD, to exclusive; default the last 30 days up to today; at most 366 days. "
                    + "{user, from, to, days: [{day, storedByteHours, transferredBytes, downloads}], totals}. "
                    + "storedByteHours: the size of each of the user's images times the hours its bytes were stored "
                    + "that day. transferredBytes and downloads: transferred by the user, i.e. the downloads the user "
                    + "made that day (bytes of every download, ranges too; downloads counts whole images), whoever "
                    + "owns the images.")
    @APIResponse(responseCode = "400", description = "`invalid-date`, `invalid-period`: from/to not YYYY-MM-DD, to "
            + "before from, or more than 366 days")
    @APIResponse(responseCode = "403", description = "`forbidden`: another user's usage, or everyone's, is for "
            + "administrators")
    @APIResponseSchema(value = UsageReport.class, responseDescription = "Usage per day and its totals")
    public UsageReport usage(@HeaderParam(IdentityAssertion.HEADER) String identity, @QueryParam("user") String user,
                             @QueryParam("from") String from, @QueryParam("to") String to) {
        return usage.usage(callers.active(identity), user, from, to);
    }

    @POST
    @Path("reconciliation")
    @Operation(summary = "Compare every user's usedBytes and imageCount with the catalog, and repair them (admins)",
            description = "repair=false (the default) only reports: {checkedUsers, repaired, drift: [{username, "
                    + "recordedBytes, actualBytes, recordedImages, actualImages}]}; repair=true sets the drifted users' "
                    + "figures to the catalog's. 503 when the catalog cannot be reached.")
    @APIResponse(responseCode = "400", description = "`invalid-repair`: repair is true or false")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (reconciliation)")
    @APIResponse(responseCode = "502", description = "`catalog-error`: the catalog answered something unexpected")
    @APIResponse(responseCode = "503", description = "`catalog-unavailable`: the catalog cannot be reached")
    @APIResponseSchema(value = ReconciliationReport.class,
            responseDescription = "What the reconciliation found, and repaired")
    public ReconciliationReport reconcile(@HeaderParam(IdentityAssertion.HEADER) String identity,
                                          @QueryParam("repair") String repair) {
        return reconciler.reconcile(callers.active(identity), repair(repair));
    }

    private static boolean repair(String text) {
        if (text == null || text.isBlank() || text.equalsIgnoreCase("false")) {
            return false;
        }
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        throw ProblemException.badRequest("invalid-repair", "Invalid repair '" + text + "': use true or false.");
    }
}
