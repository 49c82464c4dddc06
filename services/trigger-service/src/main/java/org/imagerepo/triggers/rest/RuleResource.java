package org.imagerepo.triggers.rest;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.Callers;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.triggers.rules.FaultyImagesRule;
import org.imagerepo.triggers.rules.RuleDefinition;
import org.imagerepo.triggers.rules.RuleService;
import org.imagerepo.triggers.rules.RuleSettings;
import org.imagerepo.triggers.rules.Rules;
import org.imagerepo.triggers.rules.ScanRule;
import org.imagerepo.triggers.rules.UnusedImagesRule;

import java.time.Instant;
import java.util.Map;

/** The rules (ADR 10), for administrators: their settings, and on-demand runs of the scanning ones. */
@Path("/api/v1/rules")
@Tag(name = "rules", description = "The trigger rules: settings, enabled, dry run, runs")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {

    @Inject
    RuleService rules;

    @Inject
    Callers callers;

    @Inject
    FaultyImagesRule faultyImages;

    @Inject
    UnusedImagesRule unusedImages;

    @GET
    @Operation(summary = "Every rule with its settings (admins)")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the rules)")
    @APIResponseSchema(value = RuleList.class, responseDescription = "Every rule")
    public RuleList list(@HeaderParam(IdentityAssertion.HEADER) String identity) {
        admin(identity, "see the trigger rules");
        return RuleList.of(rules.all().stream().map(RuleView::of).toList());
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One rule with its settings (admins)")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the rules)")
    @APIResponse(responseCode = "404", description = "`not-found`: no such rule")
    @APIResponseSchema(value = RuleView.class, responseDescription = "The rule")
    public RuleView show(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name) {
        admin(identity, "see the trigger rules");
        return RuleView.of(rules.current(name));
    }

    @PATCH
    @Path("{name}")
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(summary = "Change a rule (admins)", description = "{\"enabled\": true, \"dryRun\": false, \"settings\": "
            + "{\"every\": \"10m\"}}, any of them; a setting set to null goes back to its default. Kept across restarts.")
    @APIResponse(responseCode = "400", description = "`invalid-rule-change`: an unknown setting, or a value it does "
            + "not take; `empty-change`, `malformed-json`")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the rules)")
    @APIResponse(responseCode = "404", description = "`not-found`: no such rule")
    @APIResponseSchema(value = RuleView.class, responseDescription = "The rule as changed")
    public RuleView change(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name,
                           Map<String, Object> body) {
        Caller caller = admin(identity, "change the trigger rules");
        return RuleView.of(rules.change(caller, name, body));
    }

    @POST
    @Path("{name}/runs")
    @Operation(summary = "Run a scanning rule now (admins); answers its actions",
            description = "?dryRun=true records what it would do and changes nothing.")
    @APIResponse(responseCode = "400", description = "`invalid-dry-run`: dryRun is true or false")
    @APIResponse(responseCode = "403", description = "`forbidden`: administrators only (the rules)")
    @APIResponse(responseCode = "404", description = "`not-found`: no such rule")
    @APIResponse(responseCode = "409", description = "`rule-not-runnable`: the rule reacts to events; "
            + "`rule-disabled`: enable it first, or run it with dryRun=true")
    @APIResponseSchema(value = RunResult.class, responseDescription = "What the run did, or would do")
    public RunResult run(@HeaderParam(IdentityAssertion.HEADER) String identity, @PathParam("name") String name,
                         @QueryParam("dryRun") String dryRunParam) {
        admin(identity, "run the trigger rules");
        RuleSettings rule = rules.current(name);
        if (rule.definition().kind() != RuleDefinition.Kind.SCAN) {
            throw new ConflictException("rule-not-runnable", "Rule " + name + " reacts to events and cannot be run; "
                    + "the rules that can are " + String.join(", ", Rules.ALL.stream()
                    .filter(r -> r.kind() == RuleDefinition.Kind.SCAN).map(RuleDefinition::name).toList()) + ".");
        }
        boolean dryRun = parseDryRun(dryRunParam) || rule.dryRun();
        if (!rule.enabled() && !dryRun) {
            throw new ConflictException("rule-disabled", "Rule " + name + " is disabled: enable it first (PATCH "
                    + "/api/v1/rules/" + name + " {\"enabled\": true}), or run it with ?dryRun=true to see what it would do.");
        }
        ScanRule scan = Rules.FAULTY_IMAGES.equals(name) ? faultyImages : unusedImages;
        Instant started = Instant.now();
        var actions = scan.run(dryRun).stream().map(ActionView::of).toList();
        return new RunResult(name, dryRun, started, actions.size(), actions);
    }

    private static boolean parseDryRun(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        throw ProblemException.badRequest("invalid-dry-run", "dryRun must be true or false, not '" + value + "'.");
    }

    private Caller admin(String identity, String what) {
        return callers.active(identity).requireAdmin(what);
    }
}
