package org.imagerepo.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void lineShowsPercentBytesRateAndEta() {
        String line = ProgressBar.line("disk.img", 50L << 20, 100L << 20, 10 << 20, 100);

        assertEquals("disk.img [===============>              ]  50%  50.0 MiB / 100.0 MiB  10.0 MiB/s  ETA 0:05",
                line);
        assertTrue(line.length() <= 100);
    }

    @Test
    void theBarKeepsItsWidthAsTheNumbersGrow() {
        int small = ProgressBar.line("f", 1, 10L << 30, 1, 100).indexOf(']');
        int large = ProgressBar.line("f", 9L << 30, 10L << 30, 500L << 20, 100).indexOf(']');
        assertEquals(small, large);
    }

    @Test
    void lineWithoutATotalShowsBytesAndRate() {
        assertEquals("x  1.5 KiB  512 B/s", ProgressBar.line("x", 1536, -1, 512, 80));
    }

    @Test
    void redrawsAreThrottledAndTheEndIsAlwaysDrawn() {
        StringWriter out = new StringWriter();
        AtomicLong now = new AtomicLong();
        ProgressBar bar = new ProgressBar(new PrintWriter(out), "f", 80, now::get);

        bar.progress(0, 1000);
        now.set(10_000_000);           // 10 ms later: not redrawn
        bar.progress(500, 1000);
        now.set(1_000_000_000);        // 1 s: done, drawn
        bar.progress(1000, 1000);
        bar.finished(true);

        String text = out.toString();
        assertEquals(2, text.chars().filter(c -> c == '\r').count(), "drawn at 0 s and at 1 s only: " + text);
        assertTrue(text.startsWith("\rf [>"), text);
        assertTrue(text.contains("0%  0 B / 1000 B  --/s  ETA --:--"), "no rate or ETA at the start: " + text);
        assertTrue(text.endsWith("100%  1000 B / 1000 B  1000 B/s  done\n"), text);
    }

    @Test
    void durationIsMinutesSecondsOrHours() {
        assertEquals("0:07", ProgressBar.duration(7));
        assertEquals("2:05", ProgressBar.duration(125));
        assertEquals("1:00:01", ProgressBar.duration(3601));
    }
}
