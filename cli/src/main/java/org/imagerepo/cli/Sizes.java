package org.imagerepo.cli;

import picocli.CommandLine;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as people type them: {@code 1073741824}, {@code 500M}, {@code 8G}, {@code 1.5T}, {@code 8GiB}. */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:([KMGTP])(iB)?|(B))?",
            Pattern.CASE_INSENSITIVE);
    private static final String UNITS = "KMGTP";

    private Sizes() {
    }

    /**
     * The number of bytes {@code text} stands for. Suffixes are binary (1K = 1024), as the repository counts; "GB"
     * is refused rather than guessed at, since it means 10^9 to some and 2^30 to others.
     */
    static long parse(String text) {
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
            int power = UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1;
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

    /** Picocli's side of {@link #parse}: a bad size is a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
