package org.imagerepo.triggers.rules;

import java.util.List;
import java.util.Optional;

/** What a rule is: its name, what it does, whether it scans or reacts to events, and its settings. */
public record RuleDefinition(String name, String description, Kind kind, List<SettingSpec> settings) {

    public enum Kind {
        /** Reacts to events as they come; cannot be run on demand. */
        EVENTS,
        /** Scans the catalog every {@code every}, and on demand. */
        SCAN
    }

    public RuleDefinition {
        settings = List.copyOf(settings);
    }

    public Optional<SettingSpec> setting(String key) {
        return settings.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    public List<String> keys() {
        return settings.stream().map(SettingSpec::key).toList();
    }
}
