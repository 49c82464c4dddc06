package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What to change about a rule ({@code PATCH /api/v1/rules/{name}}): only what is not {@code null} is sent, and of
 * the settings only those named.
 *
 * @param enabled  whether it acts at all
 * @param dryRun   whether it only records what it would do
 * @param settings settings to change, name to value (string, number or boolean)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleUpdate(Boolean enabled, Boolean dryRun, Map<String, Object> settings) {

    public RuleUpdate {
        settings = settings == null || settings.isEmpty() ? null
                : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    public static RuleUpdate enabled(boolean enabled) {
        return new RuleUpdate(enabled, null, null);
    }

    public static RuleUpdate dryRun(boolean dryRun) {
        return new RuleUpdate(null, dryRun, null);
    }

    public static RuleUpdate settings(Map<String, ?> settings) {
        return new RuleUpdate(null, null, settings == null ? null : new LinkedHashMap<>(settings));
    }

    /** Whether it changes nothing. */
    @JsonIgnore
    public boolean isEmpty() {
        return enabled == null && dryRun == null && settings == null;
    }
}
