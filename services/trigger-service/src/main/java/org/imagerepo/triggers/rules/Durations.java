package org.imagerepo.triggers.rules;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: ISO-8601 ({@code PT2S}, {@code PT1H}, {@code P90D}) or short ({@code 2s}, {@code 10m}). */
public final class Durations {

    public static final String FORMS = "ISO-8601 (PT2S, PT1H, P90D) or a number with ms, s, m, h or d (500ms, 2s, 10m, 7d)";

    private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {
    }

    /** @throws IllegalArgumentException naming the forms accepted */
    public static Duration parse(String text) {
        String value = text == null ? "" : text.trim();
        Matcher shortForm = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        Duration duration;
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            duration = switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } else {
            try {
                duration = Duration.parse(value.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + value + "' is not a duration: use " + FORMS);
            }
        }
        if (duration.isNegative()) {
            throw new IllegalArgumentException("'" + value + "' is negative: a duration must be 0 or more");
        }
        return duration;
    }
}
