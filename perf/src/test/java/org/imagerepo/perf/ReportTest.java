package org.imagerepo.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    static final long M50 = 50L << 20;
    static final long M300 = 300L << 20;

    @TempDir
    Path dir;

    /**
     * fs+postgres, 50 MiB, 3 runs: per-run ratios of upload vs dd are 0.5, 1.5, 0.6 (median 0.6) while the ratio of the
     * medians would be 2.4 / 2.0 = 1.2: the pairing must be run by run.
     */
    static Path synthetic(Path dir) throws Exception {
        Path csv = dir.resolve("results.csv");
        try (Csv.Appender out = new Csv.Appender(csv)) {
            String fs = "fs+postgres";
            double[] copy = {0.5, 3.0, 2.4};
            double[] upload = {1.0, 2.0, 4.0};
            double[] put = {1.0, 1.0, 1.0};
            double[] download = {1.0, 1.0, 2.0};
            double[] get = {0.9, 0.95, 1.0};
            for (int run = 1; run <= 3; run++) {
                int i = run - 1;
                out.write(row(fs, M50, run, "baseline-copy", 1, copy[i], 0, null));
                out.write(row(fs, M50, run, "upload", 1, upload[i], 0, null));
                out.write(row(fs, M50, run, "baseline-put", 1, put[i], 0, null));
                out.write(row(fs, M50, run, "download", 1, download[i], 0, null));
                out.write(row(fs, M50, run, "baseline-get", 1, get[i], 0, null));
                out.write(row(fs, M50, run, "download-4", 4, 2.0, run == 3 ? 1 : 0,
                        run == 3 ? "1 of 4 clients failed: checksum mismatch, got abc" : null));
                out.write(row(fs, M50, run, "baseline-get-4", 4, 1.0, 0, null));
            }
            out.write(row(fs, M300, 1, "baseline-copy", 1, 2.0, 0, null));
            out.write(row(fs, M300, 1, "upload", 1, 2.5, 0, null));
            out.write(row(fs, M300, 1, "download", 1, 3.0, 0, null));
            out.write(row(fs, M300, 1, "baseline-get", 1, 3.0, 0, null));
            out.write(new CsvRow("2024-05-01T10:00:00Z", fs, null, null, "peak-rss-gateway", null, null, 300L << 20,
                    null, null, "VmHWM of pid 1"));
            out.write(new CsvRow("2024-05-01T10:00:00Z", fs, null, null, "peak-rss-kafka", null, null, 700L << 20,
                    null, null, "VmHWM of pid 2"));
            String s3 = "s3+postgres";
            for (int run = 1; run <= 3; run++) {
                out.write(row(s3, M50, run, "baseline-copy", 1, 1.0, 0, null));
                out.write(row(s3, M50, run, "upload", 1, 3.0, 0, null));
                out.write(row(s3, M50, run, "download", 1, 4.0, 0, null));
                out.write(row(s3, M50, run, "baseline-get", 1, 1.0, 0, null));
            }
        }
        return csv;
    }

    static CsvRow row(String config, long size, int run, String op, int clients, double seconds, int failures,
                      String note) {
        long bytes = size * (clients - failures);
        return CsvRow.transfer("2024-05-01T10:00:00Z", config, size, run, op, clients, seconds, bytes, failures, note);
    }

    @Test
    void mediansAndRunByRunRatios() throws Exception {
        Path csv = synthetic(dir);
        Path out = dir.resolve("report");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report.Analysis a = Report.run(List.of(dir), out, 512L << 20, new PrintStream(log)); // a folder: finds results.csv

        String fs = "fs+postgres";
        assertEquals(List.of(fs, "s3+postgres"), a.configs);
        assertEquals(2.0, a.seconds(fs, M50, "upload").getAsDouble(), 1e-9);
        assertEquals(2.4, a.seconds(fs, M50, "baseline-copy").getAsDouble(), 1e-9);
        assertEquals(25.0, a.cell(fs, M50, "upload").throughput.getAsDouble(), 1e-9); // 50 MiB / 2 s
        assertEquals(0.6, a.ratio(fs, M50, "upload", "baseline-copy").median().getAsDouble(), 1e-9);
        assertEquals(3, a.ratio(fs, M50, "upload", "baseline-copy").pairs());
        assertEquals(0.5, a.ratio(fs, M50, "upload", "baseline-put").median().getAsDouble(), 1e-9);
        assertEquals(0.9, a.ratio(fs, M50, "download", "baseline-get").median().getAsDouble(), 1e-9);
        // the failed run is counted, not timed, and not paired
        Report.Cell conc = a.cell(fs, M50, "download-4");
        assertEquals(2, conc.ok);
        assertEquals(1, conc.failures);
        assertEquals(2, a.ratio(fs, M50, "download-4", "baseline-get-4").pairs());
        assertEquals(0.5, a.ratio(fs, M50, "download-4", "baseline-get-4").median().getAsDouble(), 1e-9);
        assertEquals(0.8, a.ratio(fs, M300, "upload", "baseline-copy").median().getAsDouble(), 1e-9);
        assertEquals(1, a.totalFailures());
        assertEquals(300L << 20, a.memory.get(fs).get("gateway"));

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| 50 MiB | upload | 1 | 3 | 0 | 2.000 | 25.0 | 0.60x vs baseline-copy, 0.50x vs baseline-put |"), md);
        assertTrue(md.contains("| 50 MiB | baseline-copy | 1 | 3 | 0 | 2.400 |"), md);
        assertTrue(md.contains("| 50 MiB | download | 1 | 3 | 0 | 1.000 | 50.0 | 0.90x vs baseline-get |"), md);
        assertTrue(md.contains("| 50 MiB | download-4 | 4 | 2 | 1 | 2.000 | 100.0 | 0.50x vs baseline-get-4 |"), md);
        assertTrue(md.contains("1 in all."), md);
        assertTrue(md.contains("checksum mismatch, got abc"), md);
        assertTrue(md.contains("| gateway | 300.0 MiB |"), md);
        assertTrue(md.contains("| kafka (server) | 700.0 MiB |"), md);
        // targets
        assertTrue(md.contains("| single-client upload ≥ 0.8x dd conv=fdatasync | fs+postgres | 50 MiB 0.60x, 300 MiB 0.80x "
                + "| missed by 0.20x (0.60x at 50 MiB, 25% short) |"), md);
        assertTrue(md.contains("| single-client download ≥ 0.9x nginx | fs+postgres | 50 MiB 0.90x, 300 MiB 1.00x | met (worst 0.90x) |"), md);
        assertTrue(md.contains("| 4-client aggregate download ≥ 0.9x nginx, zero failures | fs+postgres | 50 MiB 0.50x "
                + "| missed by 0.40x (0.50x at 50 MiB, 44% short); 1 failed downloads |"), md);
        assertTrue(md.contains("| every service's peak RSS ≤ 512.0 MiB | fs+postgres | gateway 300.0 MiB | met: all ≤ 512.0 MiB |"), md);
        assertTrue(md.contains("| within 1.5x of the filesystem (upload time vs fs+postgres) | s3+postgres | 50 MiB 1.50x | met (worst 1.50x) |"), md);
        assertTrue(md.contains("| within 1.5x of the filesystem (download time vs fs+postgres) | s3+postgres | 50 MiB 4.00x "
                + "| missed by 2.50x (4.00x at 50 MiB) |"), md);

        String summary = Files.readString(out.resolve("summary.csv"));
        assertTrue(summary.startsWith(Report.SUMMARY_HEADER + "\n"));
        assertTrue(summary.contains("fs+postgres,52428800,median,upload,,1,3,0,2.000000,25.000,\n"), summary);
        assertTrue(summary.contains("fs+postgres,52428800,ratio,upload,baseline-copy,1,3,,,,0.6000\n"), summary);
        assertTrue(summary.contains("fs+postgres,52428800,ratio,download-4,baseline-get-4,4,2,,,,0.5000\n"), summary);

        for (String png : List.of("upload.png", "download.png", "download-concurrent.png")) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(img, png);
            assertEquals(900, img.getWidth());
            assertEquals(600, img.getHeight());
            assertFalse(isBlank(img), png);
        }
        // a second report over the same folder skips the summary.csv it finds there
        Report.Analysis again = Report.run(List.of(dir), dir.resolve("report2"), null, new PrintStream(log));
        assertEquals(a.rowCount, again.rowCount);
        assertTrue(Files.readString(dir.resolve("report2/report.md")).contains("(no limit given: --rss-limit)"));
    }

    @Test
    void pairsRepeatedInvocationsInOrder() {
        // the same config measured twice into one file: run numbers repeat, pairing stays within each invocation
        List<Report.Sourced> rows = List.of(
                new Report.Sourced(0, 0, row("fs", M50, 1, "baseline-get", 1, 1.0, 0, null)),
                new Report.Sourced(0, 1, row("fs", M50, 1, "download", 1, 2.0, 0, null)),
                new Report.Sourced(0, 2, row("fs", M50, 1, "baseline-get", 1, 3.0, 0, null)),
                new Report.Sourced(0, 3, row("fs", M50, 1, "download", 1, 1.0, 0, null)),
                new Report.Sourced(1, 0, row("fs", M50, 1, "baseline-get", 1, 4.0, 0, null)),
                new Report.Sourced(1, 1, row("fs", M50, 1, "download", 1, 1.0, 0, null)));
        Report.Analysis a = Report.analyse(rows);
        Report.Ratio r = a.ratio("fs", M50, "download", "baseline-get");
        assertEquals(3, r.pairs());
        assertEquals(3.0, r.median().getAsDouble(), 1e-9); // 0.5, 3.0, 4.0
    }

    @Test
    void glanceIsThePeerComparedWithTheFilesystemNotAStore() {
        String fs = "fs+postgres";
        String g = Report.GLANCE;
        List<Report.Sourced> rows = new java.util.ArrayList<>();
        List<CsvRow> plain = List.of(
                row(fs, M50, 1, "upload", 1, 2.0, 0, null),
                row(fs, M50, 1, "download", 1, 1.0, 0, null),
                row(fs, M50, 1, "download-4", 4, 2.0, 0, null),
                row(fs, M50, 1, "baseline-get-4", 4, 1.0, 0, null),
                memory(fs, "gateway", 100), memory(fs, "blob", 150), memory(fs, "catalog", 200), memory(fs, "kafka", 900),
                row(g, M50, 1, "upload", 1, 4.0, 0, null),
                row(g, M50, 1, "download", 1, 1.0, 0, null),
                row(g, M50, 1, "download-4", 4, 3.0, 0, null),
                row(g, M50, 1, "baseline-get-4", 4, 2.4, 0, null),
                memory(g, "glance-api", 500));
        for (int i = 0; i < plain.size(); i++) {
            rows.add(new Report.Sourced(0, i, plain.get(i)));
        }
        Report.Analysis a = Report.analyse(rows);
        String md = Report.markdown(a, 256L << 20);
        // ours 0.5x nginx, Glance 0.8x nginx (each paired with its own run's baseline): ours is 0.625x Glance's speed
        assertEquals(0.625, Report.versusGlance(a, fs, M50, "download-4").getAsDouble(), 1e-9);

        assertTrue(md.contains("| single-client upload ≥ 1.5x Glance | fs+postgres | 50 MiB 2.00x | met (worst 2.00x) |"), md);
        assertTrue(md.contains("| single-client download ≥ 1.2x Glance | fs+postgres | 50 MiB 1.00x "
                + "| missed by 0.20x (1.00x at 50 MiB) |"), md);
        assertTrue(md.contains("| 4-client aggregate download vs Glance (no target) | fs+postgres | 50 MiB 0.63x "
                + "| recorded (worst 0.63x) |"), md);
        assertTrue(md.contains("| Glance's own 4-client aggregate vs nginx (the issue: about 0.8x) | glance | 50 MiB 0.80x "
                + "| recorded, 0 failures |"), md);
        // the data path's services summed (Kafka is a server, not counted)
        assertTrue(md.contains("| gateway + blob + catalog peak RSS ≤ Glance's API workers | fs+postgres "
                + "| ours 450.0 MiB, Glance 500.0 MiB | met (50.0 MiB under) |"), md);
        // the peer is neither a store configuration nor one of our stacks
        assertFalse(md.contains("within 1.5x of the filesystem"), md);
        assertFalse(md.contains("peak RSS ≤ 256.0 MiB | glance"), md);
    }

    private static CsvRow memory(String config, String component, long mib) {
        return new CsvRow("2024-05-01T10:00:00Z", config, null, null, "peak-rss-" + component, null, null, mib << 20,
                null, null, "VmHWM");
    }

    private static boolean isBlank(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 7) {
            for (int x = 0; x < img.getWidth(); x += 7) {
                if (img.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }
}
