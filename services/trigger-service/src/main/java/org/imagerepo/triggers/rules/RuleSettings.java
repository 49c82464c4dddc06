package org.imagerepo.triggers.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** A rule as it is now: its defaults with what administrators changed laid over them. */
public record RuleSettings(RuleDefinition definition, boolean enabled, boolean dryRun, Map<String, String> settings,
                           Instant lastRunAt) {

    public RuleSettings {
        settings = Map.copyOf(settings);
    }

    public String name() {
        return definition.name();
    }

    public Duration duration(String key) {
        return Durations.parse(text(key));
    }

    public String text(String key) {
        String value = settings.get(key);
        if (value == null) {
            throw new IllegalStateException("rule " + name() + " has no setting " + key);
        }
        return value;
    }
}
