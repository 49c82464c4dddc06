package org.imagerepo.triggers.rules;

import java.time.Duration;

/**
 * One setting of a rule: its key (as in the API and in {@code imagerepo.triggers.rules.<rule>.<key>}), its type,
 * its built-in default and what it means.
 */
public record SettingSpec(String key, Type type, String defaultValue, String description) {

    public enum Type {
        /** A {@link Durations} value, 0 or more. */
        DURATION,
        /** A duration that must be more than 0 (how often something runs). */
        POSITIVE_DURATION,
        /** Free text, not blank. */
        TEXT
    }

    public static SettingSpec duration(String key, String defaultValue, String description) {
        return new SettingSpec(key, Type.DURATION, defaultValue, description);
    }

    public static SettingSpec interval(String key, String defaultValue, String description) {
        return new SettingSpec(key, Type.POSITIVE_DURATION, defaultValue, description);
    }

    public static SettingSpec text(String key, String defaultValue, String description) {
        return new SettingSpec(key, Type.TEXT, defaultValue, description);
    }

    /**
     * The value, trimmed, if valid for this setting.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public String validate(String value) {
        String text = value == null ? "" : value.trim();
        switch (type) {
            case DURATION -> Durations.parse(text);
            case POSITIVE_DURATION -> {
                if (Durations.parse(text).isZero()) {
                    throw new IllegalArgumentException("'" + text + "' is zero: it must be more than 0");
                }
            }
            case TEXT -> {
                if (text.isEmpty()) {
                    throw new IllegalArgumentException("it must not be empty");
                }
            }
        }
        return text;
    }

    public Duration asDuration(String value) {
        return Durations.parse(value);
    }
}
