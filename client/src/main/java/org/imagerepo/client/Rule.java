package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A rule of trigger-service ({@code GET /api/v1/rules[/{name}]}).
 *
 * @param name        its name, e.g. {@code quota}
 * @param description what it does
 * @param enabled     whether it acts at all
 * @param dryRun      whether it only records what it would do
 * @param settings    its own settings, name to JSON value (string, number, boolean), in the server's order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"name", "description", "enabled", "dryRun", "settings"})
public record Rule(String name, String description, boolean enabled, boolean dryRun, Map<String, Object> settings) {

    public Rule {
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
