package org.imagerepo.triggers.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.triggers.config.TriggerConfig;
import org.imagerepo.triggers.model.RuleRecord;
import org.imagerepo.triggers.repository.TriggerDatabase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules' settings: the defaults of application.properties (checked at start), with what administrators set
 * through the API (kept in {@code trigger_rules}) laid over them.
 */
@Startup
@ApplicationScoped
public class RuleService {

    public static final String ENABLED = "enabled";
    public static final String DRY_RUN = "dryRun";
    public static final String SETTINGS = "settings";
    private static final Set<String> PATCH_FIELDS = Set.of(ENABLED, DRY_RUN, SETTINGS);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TriggerConfig config;

    @Inject
    TriggerDatabase database;

    private final Map<String, RuleSettings> defaults = new LinkedHashMap<>();

    /** A wrong default stops the service at start, naming the property. */
    @PostConstruct
    void readDefaults() {
        List<String> problems = new ArrayList<>();
        for (String name : config.rules().keySet()) {
            if (Rules.find(name).isEmpty()) {
                problems.add("imagerepo.triggers.rules." + name + ": there is no rule " + name + " (rules: "
                        + String.join(", ", Rules.names()) + ")");
            }
        }
        for (RuleDefinition rule : Rules.ALL) {
            Map<String, String> configured = config.rules().getOrDefault(rule.name(), Map.of());
            String prefix = "imagerepo.triggers.rules." + rule.name() + ".";
            Map<String, String> settings = new TreeMap<>();
            for (SettingSpec spec : rule.settings()) {
                String value = configured.getOrDefault(spec.key(), spec.defaultValue());
                try {
                    settings.put(spec.key(), spec.validate(value));
                } catch (IllegalArgumentException e) {
                    problems.add(prefix + spec.key() + ": " + e.getMessage());
                }
            }
            for (String key : configured.keySet()) {
                if (!key.equals(Rules.ENABLED_KEY) && !key.equals(Rules.DRY_RUN_KEY) && rule.setting(key).isEmpty()) {
                    problems.add(prefix + key + ": rule " + rule.name() + " has no such setting (it has: "
                            + String.join(", ", allKeys(rule)) + ")");
                }
            }
            boolean enabled = configuredBoolean(configured, Rules.ENABLED_KEY, true, prefix, problems);
            boolean dryRun = configuredBoolean(configured, Rules.DRY_RUN_KEY, false, prefix, problems);
            defaults.put(rule.name(), new RuleSettings(rule, enabled, dryRun, settings, null));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("trigger-service's rule settings are wrong: " + String.join("; ", problems));
        }
    }

    /** Every rule as it is now. */
    @Transactional
    public List<RuleSettings> all() {
        return Rules.ALL.stream().map(r -> current(r.name())).toList();
    }

    /** The rule as it is now; not found, naming the rules, when there is none of that name. */
    @Transactional
    public RuleSettings current(String name) {
        RuleSettings base = defaults.get(name);
        if (base == null) {
            throw noSuchRule(name);
        }
        return merge(base, database.session().find(RuleRecord.class, name));
    }

    /** Applies {@code {enabled?, dryRun?, settings?: {key: value|null}}}; null resets a setting to its default. */
    @Transactional
    public RuleSettings change(Caller caller, String name, Map<String, Object> body) {
        RuleSettings base = defaults.get(name);
        if (base == null) {
            throw noSuchRule(name);
        }
        RuleDefinition rule = base.definition();
        if (body == null || body.isEmpty()) {
            throw new InvalidRequestException("empty-change", "Nothing to change: send any of enabled, dryRun and "
                    + "settings, e.g. {\"dryRun\": true} or {\"settings\": {" + example(rule) + "}}.");
        }
        List<String> problems = new ArrayList<>();
        List<String> unknown = body.keySet().stream().filter(k -> !PATCH_FIELDS.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            problems.add("unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (a rule has enabled, dryRun and settings)");
        }
        Boolean enabled = patchBoolean(body, ENABLED, problems);
        Boolean dryRun = patchBoolean(body, DRY_RUN, problems);
        Map<String, String> set = new TreeMap<>();
        List<String> reset = new ArrayList<>();
        Object settings = body.get(SETTINGS);
        if (settings != null && !(settings instanceof Map<?, ?>)) {
            problems.add("settings must be an object of setting names to values, e.g. {" + example(rule) + "}");
        } else if (settings instanceof Map<?, ?> values) {
            for (Map.Entry<?, ?> entry : values.entrySet()) {
                String key = String.valueOf(entry.getKey());
                SettingSpec spec = rule.setting(key).orElse(null);
                if (spec == null) {
                    problems.add("unknown setting " + key + " (rule " + name + " has "
                            + (rule.settings().isEmpty() ? "no settings" : String.join(", ", rule.keys())) + ")");
                } else if (entry.getValue() == null) {
                    reset.add(key);
                } else if (entry.getValue() instanceof Map<?, ?> || entry.getValue() instanceof List<?>) {
                    problems.add("setting " + key + " must be a single value");
                } else {
                    try {
                        set.put(key, spec.validate(String.valueOf(entry.getValue())));
                    } catch (IllegalArgumentException e) {
                        problems.add("setting " + key + ": " + e.getMessage());
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid-rule-change", "Rule " + name + " was not changed: "
                    + String.join("; ", problems) + ".");
        }
        RuleRecord record = lockOrCreate(name);
        if (enabled != null) {
            record.enabled = enabled;
        }
        if (dryRun != null) {
            record.dryRun = dryRun;
        }
        Map<String, String> stored = new TreeMap<>(read(record.settings));
        stored.putAll(set);
        reset.forEach(stored::remove);
        record.settings = stored.isEmpty() ? null : write(stored);
        record.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        record.updatedBy = caller.username();
        return merge(base, record);
    }

    /** Remembers when the rule's scan ran, for the schedule. */
    @Transactional
    public void ran(String name, Instant at) {
        lockOrCreate(name).lastRunAt = at.truncatedTo(ChronoUnit.MILLIS);
    }

    private RuleRecord lockOrCreate(String name) {
        RuleRecord record = database.session().find(RuleRecord.class, name, LockModeType.PESSIMISTIC_WRITE);
        if (record == null) {
            record = new RuleRecord();
            record.name = name;
            database.session().persist(record);
        }
        return record;
    }

    private static RuleSettings merge(RuleSettings base, RuleRecord record) {
        if (record == null) {
            return base;
        }
        Map<String, String> settings = new TreeMap<>(base.settings());
        read(record.settings).forEach((key, value) -> {
            if (settings.containsKey(key)) { // a setting a later version dropped is ignored
                settings.put(key, value);
            }
        });
        return new RuleSettings(base.definition(), record.enabled == null ? base.enabled() : record.enabled,
                record.dryRun == null ? base.dryRun() : record.dryRun, settings, record.lastRunAt);
    }

    private static Boolean patchBoolean(Map<String, Object> body, String field, List<String> problems) {
        if (!body.containsKey(field)) {
            return null;
        }
        Object value = body.get(field);
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        problems.add(field + " must be true or false, not " + (value instanceof String ? "'" + value + "'" : value));
        return null;
    }

    private static boolean configuredBoolean(Map<String, String> configured, String key, boolean fallback,
                                             String prefix, List<String> problems) {
        String value = configured.get(key);
        if (value == null) {
            return fallback;
        }
        String text = value.trim();
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problems.add(prefix + key + ": must be true or false, not '" + value + "'");
            return fallback;
        }
        return Boolean.parseBoolean(text);
    }

    private static List<String> allKeys(RuleDefinition rule) {
        List<String> keys = new ArrayList<>(List.of(Rules.ENABLED_KEY, Rules.DRY_RUN_KEY));
        keys.addAll(rule.keys());
        return keys;
    }

    private static String example(RuleDefinition rule) {
        return rule.settings().isEmpty() ? "" : "\"" + rule.settings().get(0).key() + "\": \""
                + rule.settings().get(0).defaultValue() + "\"";
    }

    private static Map<String, String> read(String json) {
        if (json == null || json.isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rule settings in trigger_rules: " + json, e);
        }
    }

    private static String write(Map<String, String> settings) {
        try {
            return JSON.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static NotFoundException noSuchRule(String name) {
        return new NotFoundException("There is no rule " + name + "; the rules are " + String.join(", ", Rules.names())
                + " (GET /api/v1/rules).");
    }
}
