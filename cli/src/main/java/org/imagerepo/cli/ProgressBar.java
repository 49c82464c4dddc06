package org.imagerepo.cli;

import org.imagerepo.client.ProgressListener;
import org.imagerepo.vocabulary.ByteSizes;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar redrawn in place on stderr:
 * {@code upload [=========>          ]  45%  12.3 MiB / 27.0 MiB  5.1 MiB/s  ETA 0:03}.
 * Redraws at most every 100 ms; the last state is always drawn and ended with a newline.
 */
final class ProgressBar implements ProgressListener {

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final int width;
    private final LongSupplier clock;
    private final long start;
    private long lastDraw = Long.MIN_VALUE;
    private long done;
    private long total = -1;
    private long drawnDone = -1;
    private int lastLength;
    private boolean ended;

    ProgressBar(PrintWriter err, String label) {
        this(err, label, terminalWidth(), System::nanoTime);
    }

    ProgressBar(PrintWriter err, String label, int width, LongSupplier clock) {
        this.err = err;
        this.label = label;
        this.width = width;
        this.clock = clock;
        this.start = clock.getAsLong();
    }

    @Override
    public synchronized void progress(long transferred, long total) {
        this.done = transferred;
        this.total = total;
        long now = clock.getAsLong();
        if (lastDraw == Long.MIN_VALUE || now - lastDraw >= REDRAW_NANOS || (total >= 0 && transferred >= total)) {
            lastDraw = now;
            draw(now);
        }
    }

    @Override
    public synchronized void finished(boolean success) {
        if (ended) {
            return;
        }
        ended = true;
        if (lastDraw != Long.MIN_VALUE) {
            if (drawnDone != done) {
                draw(clock.getAsLong());
            }
            err.println(success ? "" : "  (failed)");
            err.flush();
        }
    }

    private void draw(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        // The first moments' rate says little (connection set-up, buffers filling): no ETA from it.
        double rate = seconds < 0.5 && (total < 0 || done < total) ? 0 : done / seconds;
        drawnDone = done;
        String line = line(label, done, total, rate, width);
        StringBuilder sb = new StringBuilder("\r").append(line);
        if (line.length() < lastLength) {
            sb.append(" ".repeat(lastLength - line.length()));
        }
        lastLength = line.length();
        err.print(sb);
        err.flush();
    }

    /** The text of the bar (without the carriage return), at most {@code width} characters when possible. */
    static String line(String label, long done, long total, double bytesPerSecond, int width) {
        String rate = bytesPerSecond > 0 ? ByteSizes.format((long) bytesPerSecond) + "/s" : "--/s";
        if (total < 0) {
            return label + "  " + ByteSizes.format(done) + "  " + rate;
        }
        int percent = total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
        String eta;
        if (done >= total) {
            eta = "done";
        } else if (bytesPerSecond <= 0) {
            eta = "ETA --:--";
        } else {
            eta = "ETA " + duration((long) Math.ceil((total - done) / bytesPerSecond));
        }
        String tail = String.format(Locale.ROOT, " %3d%%  %s / %s  %s  %s", percent, ByteSizes.format(done),
                ByteSizes.format(total), rate, eta);
        // The bar's width does not depend on the numbers, so that it does not jitter as they grow.
        int barWidth = Math.max(10, Math.min(30, width - 1 - label.length() - 3 - 56));
        int filled = total == 0 ? barWidth : (int) (barWidth * Math.min(done, total) / total);
        StringBuilder bar = new StringBuilder(barWidth);
        for (int i = 0; i < barWidth; i++) {
            bar.append(i < filled ? '=' : (i == filled ? '>' : ' '));
        }
        return label + " [" + bar + "]" + tail;
    }

    /** Seconds as {@code m:ss} or {@code h:mm:ss}. */
    static String duration(long seconds) {
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /** The terminal's width: told by bin/imagerepo, else {@code $COLUMNS}, else 80. */
    private static int terminalWidth() {
        try {
            String columns = System.getProperty(ImageRepoCli.COLUMNS_PROPERTY, System.getenv("COLUMNS"));
            if (columns != null) {
                return Math.max(40, Integer.parseInt(columns.strip()));
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        return 80;
    }

    /** Shortens a file name for use as a label. */
    static String label(String name) {
        return name.length() <= 24 ? name : name.substring(0, 11) + "…" + name.substring(name.length() - 12);
    }
}
