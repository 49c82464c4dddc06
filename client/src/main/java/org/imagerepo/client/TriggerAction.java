package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/**
 * Something a rule of trigger-service did, would have done (dry run), failed or skipped
 * ({@code GET /api/v1/actions}, {@code POST /api/v1/rules/{name}/runs}).
 *
 * @param id      the action's id
 * @param at      when
 * @param rule    the rule that acted
 * @param subject what it acted on: an image id, a user name, a reservation id
 * @param action  what it did, e.g. {@code remove-image}, {@code notify-user}, {@code stage-copy}
 * @param reason  why
 * @param outcome {@code done}, {@code dry-run}, {@code failed} or {@code skipped}
 * @param dryRun  whether the rule was in dry-run mode
 * @param detail  more about the outcome (e.g. the problem a failed call met), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "at", "rule", "subject", "action", "reason", "outcome", "dryRun", "detail"})
public record TriggerAction(String id, @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant at,
                            String rule, String subject, String action, String reason, String outcome,
                            boolean dryRun, String detail) {

    public static final String DONE = "done";
    public static final String DRY_RUN = "dry-run";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
}
