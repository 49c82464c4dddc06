package org.imagerepo.vocabulary;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts as people read and type them, in binary units as the repository counts (1 KiB = 1024 bytes):
 * {@code 1.5 GiB} out, {@code 8G}, {@code 500M} or {@code 1.5T} in.
 */
public final class ByteSizes {

    /** How a count reads: its unit below 1 KiB, and whether a whole number of a larger unit keeps its ".0". */
    public enum Style {
        /** {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 GiB}: tables, progress bars and the services' messages. */
        STANDARD("B", false),
        /** {@code 512 bytes}, {@code 1.5 KiB}, {@code 2.0 GiB}: within a sentence (the triggers' notifications). */
        BYTES_IN_WORDS("bytes", false),
        /** {@code 512 B}, {@code 1.5 KiB}, {@code 2 GiB}: sizes that are mostly whole units (perf's reports). */
        WHOLE_UNITS_PLAIN("B", true);

        private final String byteUnit;
        private final boolean wholeUnitsPlain;

        Style(String byteUnit, boolean wholeUnitsPlain) {
            this.byteUnit = byteUnit;
            this.wholeUnitsPlain = wholeUnitsPlain;
        }
    }

    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([KMGTP])(iB)?|(B))?",
            Pattern.CASE_INSENSITIVE);
    private static final String SUFFIXES = "KMGTP";

    private ByteSizes() {
    }

    /** {@code 1536} as {@code 1.5 KiB}, {@code 512} as {@code 512 B}: {@link Style#STANDARD}. */
    public static String format(long bytes) {
        return format(bytes, Style.STANDARD);
    }

    /** {@code bytes} in the largest binary unit it reaches, with one decimal (a negative count keeps its sign). */
    public static String format(long bytes, Style style) {
        double value = Math.abs((double) bytes);
        if (value < 1024) {
            return bytes + " " + style.byteUnit;
        }
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        String sign = bytes < 0 ? "-" : "";
        if (style.wholeUnitsPlain && value == Math.rint(value)) {
            return sign + (long) value + " " + UNITS[unit];
        }
        return sign + String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    /**
     * The number of bytes {@code text} stands for: {@code 1073741824}, {@code 500M}, {@code 8G}, {@code 1.5T},
     * {@code 8GiB}, {@code 1234B}. Suffixes are binary (1K = 1024); "GB" is refused rather than guessed at, since it
     * means 10^9 to some and 2^30 to others.
     *
     * @throws IllegalArgumentException with a sentence for the person who typed it
     */
    public static long parse(String text) {
        String t = text == null ? "" : text.strip();
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            if (t.toUpperCase(Locale.ROOT).matches("\\d+(\\.\\d+)?\\s*[KMGTP]B")) {
                throw new IllegalArgumentException("'" + text + "' is ambiguous: write " + t.substring(0, t.length() - 1)
                        + " or " + t.substring(0, t.length() - 1) + "iB (binary units: 1K = 1024 bytes)");
            }
            throw new IllegalArgumentException("'" + text + "' is not a size: give bytes, or a number with K, M, G, T "
                    + "or P (binary units: 1K = 1024 bytes), e.g. 500M or 8G");
        }
        BigDecimal n = new BigDecimal(m.group(1));
        if (m.group(2) != null) {
            int power = SUFFIXES.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
            n = n.multiply(BigDecimal.valueOf(1024).pow(power));
        }
        if (n.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        if (n.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of bytes");
        }
        return n.longValueExact();
    }
}
