package org.imagerepo.triggers.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.imagerepo.triggers.rules.RuleSettings;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rule as the API answers it. {@code kind} is {@code scan} (runs on its schedule and on demand) or
 * {@code events}; {@code lastRunAt} is the last scan, null for event rules and before the first.
 */
@Schema(name = "Rule")
public record RuleView(String name, String description, String kind, boolean enabled, boolean dryRun,
                       Map<String, String> settings, @Schema(nullable = true) Instant lastRunAt) {

    public static RuleView of(RuleSettings rule) {
        return new RuleView(rule.name(), rule.definition().description(),
                rule.definition().kind().name().toLowerCase(Locale.ROOT), rule.enabled(), rule.dryRun(),
                new TreeMap<>(rule.settings()), rule.lastRunAt());
    }
}
