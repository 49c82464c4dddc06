package org.imagerepo.perf;

import org.imagerepo.vocabulary.ByteSizes;

import java.util.ArrayList;
import java.util.List;

/** Image sizes as the harness's command line and reports write them (K/M/G/T are powers of 1024). */
public final class Sizes {

    public static final long KIB = 1024L;
    public static final long MIB = KIB * 1024;
    public static final long GIB = MIB * 1024;
    public static final long TIB = GIB * 1024;

    private Sizes() {
    }

    /**
     * One image size, as {@link ByteSizes#parse} reads it ({@code 50M}, {@code 2G}, {@code 1.5G}, {@code 1000}; K/M/G/T/P
     * are powers of 1024), and more than nothing.
     */
    public static long parse(String text) {
        long size = ByteSizes.parse(text);
        if (size <= 0) {
            throw new IllegalArgumentException("a size must be positive: '" + text + "'");
        }
        return size;
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
        return ByteSizes.format(bytes, ByteSizes.Style.WHOLE_UNITS_PLAIN);
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
