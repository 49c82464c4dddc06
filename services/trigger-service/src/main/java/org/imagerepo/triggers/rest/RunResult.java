package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** What one on-demand run of a scanning rule did (or, with {@code dryRun}, would do). */
@Schema(name = "RuleRun")
public record RunResult(String rule, boolean dryRun, Instant startedAt, int count, List<ActionView> actions) {
}
