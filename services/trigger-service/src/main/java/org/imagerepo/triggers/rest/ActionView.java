package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.triggers.model.ActionRecord;

import java.time.Instant;

/** One action row: {@code outcome} is done, dry-run, failed or skipped. */
@Schema(name = "Action")
public record ActionView(long id, Instant at, String rule, String subject, String action,
                         @Schema(nullable = true) String reason, String outcome, boolean dryRun,
                         @Schema(nullable = true) String detail) {

    public static ActionView of(ActionRecord row) {
        return new ActionView(row.id, row.occurredAt, row.rule, row.subject, row.action, row.reason, row.outcome,
                row.dryRun, row.detail);
    }
}
