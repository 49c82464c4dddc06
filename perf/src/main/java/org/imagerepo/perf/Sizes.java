package org.imagerepo.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Image sizes as the command line writes them: {@code 50M}, {@code 2G}, {@code 512K}, {@code 1000} (K/M/G/T are powers of 1024). */
public final class Sizes {

    public static final long KIB = 1024L;
    public static final long MIB = KIB * 1024;
    public static final long GIB = MIB * 1024;
    public static final long TIB = GIB * 1024;

    private Sizes() {
    }

    /** One size: digits, optionally followed by K, M, G or T (any case, an optional trailing {@code B} or {@code iB}). */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("no size given");
        }
        String s = text.strip().toUpperCase(Locale.ROOT);
        if (s.endsWith("IB")) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("B")) {
            s = s.substring(0, s.length() - 1);
        }
        long unit = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'K' -> unit = KIB;
                case 'M' -> unit = MIB;
                case 'G' -> unit = GIB;
                case 'T' -> unit = TIB;
                default -> unit = 1;
            }
            if (unit != 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a size: '" + text + "' (expected e.g. 50M, 300M, 1G; K/M/G are powers of 1024)");
        }
        long n;
        try {
            n = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
        if (n <= 0) {
            throw new IllegalArgumentException("a size must be positive: '" + text + "'");
        }
        if (n > Long.MAX_VALUE / unit) {
            throw new IllegalArgumentException("size too large: '" + text + "'");
        }
        return n * unit;
    }

    /** A comma-separated list: {@code 50M,300M,1G}. */
    public static List<Long> parseList(String text) {
        List<Long> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                sizes.add(parse(part));
            }
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("no sizes given in '" + text + "'");
        }
        return sizes;
    }

    /** For people: {@code 50 MiB}, {@code 2 GiB}, {@code 1.5 GiB}, {@code 1000 B}. */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        if (u == 0) {
            return bytes + " B";
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%d %s", (long) v, units[u]);
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Short, for file names and plot ticks: {@code 50M}, {@code 2G}, {@code 1536K}, {@code 1000}. */
    public static String compact(long bytes) {
        String[] units = {"T", "G", "M", "K"};
        long[] factors = {TIB, GIB, MIB, KIB};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= factors[i] && bytes % factors[i] == 0) {
                return (bytes / factors[i]) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
