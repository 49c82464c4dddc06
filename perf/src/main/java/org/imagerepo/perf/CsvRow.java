package org.imagerepo.perf;

import java.util.Locale;

/**
 * One line of the measurements CSV. Every field but {@code config} and {@code operation} may be {@code null}
 * (an empty cell).
 *
 * @param date       when the measurement ended (ISO-8601 instant)
 * @param config     the configuration measured, e.g. {@code fs+postgres}
 * @param sizeBytes  the image size
 * @param run        1..N
 * @param operation  {@code upload}, {@code download}, {@code download-16}, {@code baseline-copy}, {@code baseline-put},
 *                   {@code baseline-get}, {@code baseline-get-16}, {@code peak-rss-<component>}, {@code cleanup}
 * @param clients    how many clients at once
 * @param seconds    wall time
 * @param bytes      bytes moved in all (for {@code peak-rss-*}: the peak resident memory)
 * @param throughput bytes / seconds / MiB
 * @param failures   failed transfers (per client for the concurrent ones)
 * @param note       what failed, or a remark
 */
public record CsvRow(String date, String config, Long sizeBytes, Integer run, String operation, Integer clients,
                     Double seconds, Long bytes, Double throughput, Integer failures, String note) {

    public static final String HEADER =
            "date,config,size_bytes,run,operation,clients,seconds,bytes,throughput_mib_s,failures,note";
    public static final int COLUMNS = 11;

    /** A transfer measurement; throughput is computed from bytes and seconds. */
    public static CsvRow transfer(String date, String config, long size, int run, String operation, int clients,
                                  Double seconds, long bytes, int failures, String note) {
        Double tp = seconds == null || seconds <= 0 || bytes <= 0 ? null : bytes / seconds / Sizes.MIB;
        return new CsvRow(date, config, size, run, operation, clients, seconds, bytes, tp, failures, note);
    }

    /** Whether this is a clean measurement: it has a time and nothing failed. */
    public boolean ok() {
        return seconds != null && seconds > 0 && (failures == null || failures == 0);
    }

    public int failureCount() {
        return failures == null ? 0 : failures;
    }

    String[] cells() {
        return new String[]{
                nz(date), nz(config), num(sizeBytes), num(run), nz(operation), num(clients),
                seconds == null ? "" : String.format(Locale.ROOT, "%.6f", seconds),
                num(bytes),
                throughput == null ? "" : String.format(Locale.ROOT, "%.3f", throughput),
                num(failures), nz(note)};
    }

    static CsvRow fromCells(String[] c) {
        if (c.length != COLUMNS) {
            throw new IllegalArgumentException("expected " + COLUMNS + " columns, found " + c.length);
        }
        return new CsvRow(empty(c[0]), c[1], lng(c[2]), integer(c[3]), c[4], integer(c[5]), dbl(c[6]), lng(c[7]),
                dbl(c[8]), integer(c[9]), empty(c[10]));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String num(Number n) {
        return n == null ? "" : n.toString();
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Long lng(String s) {
        return s == null || s.isBlank() ? null : Long.valueOf(s.strip());
    }

    private static Integer integer(String s) {
        return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
    }

    private static Double dbl(String s) {
        return s == null || s.isBlank() ? null : Double.valueOf(s.strip());
    }
}
