package org.imagerepo.perf;

import jdk.jfr.Recording;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real JFR: this JVM records itself hashing, then {@code profile} reads the recording back. */
class ProfileTest {

    static final long M50 = 50L << 20;
    static final String CONFIG = "fs+postgres";

    @TempDir
    static Path shared;
    static Path jfr;
    static Instant start;
    static Instant end;

    @TempDir
    Path dir;

    @BeforeAll
    static void recordSha256() throws Exception {
        jfr = Files.createDirectories(shared.resolve("jfr"));
        try (Recording r = new Recording()) {
            r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            r.enable("jdk.CPULoad").withPeriod(Duration.ofMillis(100));
            r.enable("jdk.JVMInformation");
            r.enable("jdk.CPUInformation");
            r.start();
            // 1.5 s of this thread's CPU rather than of the clock: on a loaded machine the clock's would be less
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu0 = threads.getCurrentThreadCpuTime();
            start = Instant.now();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] block = new byte[64 * 1024];
            long sink = 0;
            while (threads.getCurrentThreadCpuTime() - cpu0 < 1_500_000_000L
                    && Duration.between(start, Instant.now()).toSeconds() < 20) {
                sha.update(block);
                block[0] = sha.digest()[0]; // a result that is used: the loop cannot be optimised away
                sink += block[0];
            }
            end = Instant.now();
            r.stop();
            r.dump(jfr.resolve("hotspot-pid-" + ProcessHandle.current().pid() + "-id-1-test.jfr"));
            assertTrue(sink != 1L << 60);
        }
    }

    static CsvRow row(String op, int run, Instant until, double seconds) {
        return CsvRow.transfer(until.toString(), CONFIG, M50, run, op, 1, seconds, M50, 0, null);
    }

    static double seconds(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    Path csv(CsvRow... rows) throws Exception {
        Path csv = dir.resolve("results.csv");
        try (Csv.Appender out = new Csv.Appender(csv)) {
            for (CsvRow r : rows) {
                out.write(r);
            }
        }
        return csv;
    }

    @Test
    void sha256LoopIsChargedToItsComponentWithItsCpuAndHotMethods() throws Exception {
        Path csv = csv(row("upload", 1, end, seconds(start, end)));
        Path out = dir.resolve("out/profile.md");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Profile.Analysis a = Profile.run(csv, jfr, out, null, null, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(M50, a.size());
        assertEquals(List.of("upload"), a.operations());
        Profile.Section s = a.section(CONFIG, M50, "upload");
        assertNotNull(s);
        assertEquals(1, s.runsWithData);
        // surefire's fork: neither marked by bin/stack nor the harness's jar
        assertEquals(List.of(Profile.OTHER), List.copyOf(s.components.keySet()));
        Profile.Usage u = s.components.get(Profile.OTHER);
        assertTrue(u.cpuSeconds > 0.5, "one core hashing for 1.5 s, got " + u.cpuSeconds + " CPU s");
        // few if the machine is busy (JFR's sampler thread competes for the CPUs too)
        assertTrue(u.tally.samples >= 3, "samples: " + u.tally.samples);
        assertNotNull(s.saturation());
        // SHA-256 on JDK 17 is sun.security.provider.SHA2.implCompress0 (with DigestBase its caller when C2's
        // intrinsic replaces it); some samples' top frame is what C2 inlined into it (VarHandle...ArrayHandle.get)
        List<String> hot = Profile.top(u.tally.methods, Profile.TOP_METHODS).stream().map(Map.Entry::getKey).toList();
        assertTrue(hot.stream().anyMatch(m -> m.startsWith("sun.security.provider.")), "hot methods: " + hot);
        // the package is the code that asked for it: this test (every frame above it is the JDK's)
        assertEquals("org.imagerepo.perf", Profile.top(u.tally.packages, 1).get(0).getKey());

        String md = Files.readString(out);
        assertTrue(md.contains("## upload, 50 MiB (fs+postgres)"), md);
        assertTrue(md.contains("| other | "), md);
        assertTrue(md.contains("`sun.security.provider."), md);
        assertTrue(md.contains("### upload: other"), md);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("1 window(s) of 50 MiB"), log.toString());
    }

    @Test
    void aWindowWithoutSamplesIsASectionSayingSo() throws Exception {
        Instant before = start.minusSeconds(3600);
        Path csv = csv(row("upload", 1, end, seconds(start, end)), row("download", 1, before, 2.0),
                CsvRow.transfer(end.toString(), CONFIG, M50, 2, "download", 1, null, 0, 1, "broke"));
        Path out = dir.resolve("profile.md");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = PerfMain.run(new String[]{"profile", "--csv", csv.toString(), "--jfr", jfr.toString(),
                        "--out", out.toString(), "--operations", "upload,download,download-16"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));

        String md = Files.readString(out);
        String download = md.substring(md.indexOf("## download, 50 MiB"));
        assertTrue(download.startsWith("## download, 50 MiB (fs+postgres)\n\n1 run, 2.00 s of windows; "
                + "1 failed measurement left out. No JFR data in these windows"), download);
        assertTrue(md.contains("## upload, 50 MiB"), md);
        assertTrue(md.contains("Not in the CSV at 50 MiB: download-16."), md);
    }

    @Test
    void defaultsAreTheLargestSizeAndOurTransfers() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        long m300 = 300L << 20;
        List<CsvRow> rows = List.of(
                CsvRow.transfer(t.toString(), CONFIG, M50, 1, "upload", 1, 1.0, M50, 0, null),
                CsvRow.transfer(t.toString(), CONFIG, m300, 1, "baseline-copy", 1, 1.0, m300, 0, null),
                CsvRow.transfer(t.toString(), CONFIG, m300, 1, "upload", 1, 2.5, m300, 0, null),
                CsvRow.transfer(t.toString(), CONFIG, m300, 1, "download-4", 4, 3.0, 4 * m300, 0, null),
                CsvRow.transfer(t.toString(), CONFIG, m300, 2, "download-4", 4, 3.0, 4 * m300, 0, null),
                CsvRow.transfer(t.toString(), CONFIG, m300, 1, "baseline-get-4", 4, 1.0, 4 * m300, 0, null),
                new CsvRow(t.toString(), CONFIG, null, null, "peak-rss-blob", null, null, 1L << 28, null, null, null));
        Profile.Selection s = Profile.select(rows, null, null);
        assertEquals(m300, s.size());
        assertEquals(List.of("upload", "download-4"), s.operations());
        assertEquals(List.of("upload", "download-4"), s.sections().stream().map(x -> x.key.op()).toList());
        Profile.Window w = s.sections().get(0).windows.get(0);
        assertEquals(Instant.parse("2024-05-01T09:59:57.500Z"), w.start());
        assertEquals(t, w.end());
        assertEquals(2, s.sections().get(1).windows.size());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Profile.select(rows, 1L << 30, null));
        assertTrue(e.getMessage().contains("sizes: 50M, 300M"), e.getMessage());
    }

    @Test
    void componentFromTheJvmsArguments() {
        String jfrOpt = "-XX:StartFlightRecording=filename=/w/jfr/,settings=profile,dumponexit=true";
        assertEquals("blob", Profile.component("-Xmx256m -Dimagerepo.instance=/w/stack/pids/blob.pid " + jfrOpt,
                "/w/services/blob-service/target/quarkus-app/quarkus-run.jar"));
        assertEquals("gateway", Profile.component("-Xmx256m -Dimagerepo.instance=/w/my stack/pids/gateway.pid",
                "quarkus-run.jar"));
        assertEquals("triggers", Profile.component("-Dimagerepo.instance=C:\\state\\pids\\triggers.pid", null));
        assertEquals("kafka", Profile.component("-Dimagerepo.instance=/w/pids/kafka -Xmx1g", "kafka.Kafka"));
        assertEquals("client", Profile.component("-Xmx512m " + jfrOpt,
                "/w/perf/target/imagerepo-perf.jar measure --label fs+postgres --gateway http://127.0.0.1:8080"));
        assertEquals("client", Profile.component("-Xmx512m", "org.imagerepo.perf.PerfMain measure --label fs"));
        assertEquals("other", Profile.component("-Xmx512m " + jfrOpt, "org.apache.maven.wrapper.MavenWrapperMain"));
        assertEquals("other", Profile.component(null, null));
    }

    @Test
    void packagesAreChargedToTheFirstCallerOutsideTheJdk() {
        assertEquals("org.imagerepo.blob", Profile.packageOf(List.of("sun.security.provider.SHA2",
                "java.security.MessageDigest", "org.imagerepo.blob.transfer.Sink", "io.vertx.core.Context")));
        assertEquals("io.netty.buffer", Profile.packageOf(List.of("io.netty.buffer.PooledByteBuf")));
        assertEquals("sun.security.provider", Profile.packageOf(List.of("sun.security.provider.SHA2",
                "java.security.MessageDigest", "jdk.internal.net.http.Http1Response", "java.lang.Thread")));
        assertEquals("(default package)", Profile.packageOf(List.of("Main")));
    }

    @Test
    void cpuLoadIsWeightedByTheTimeEachSampleStandsFor() {
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        List<Profile.Load> loads = List.of(new Profile.Load(t, 0.0, 0.0), new Profile.Load(t.plusSeconds(1), 0.5, 1.0),
                new Profile.Load(t.plusSeconds(2), 0.25, 0.5));
        // half of the first second (0.5) and all of the next (0.25): (0.5 x 0.5 + 1 x 0.25) / 1.5
        Profile.Window w = new Profile.Window(0, new Profile.Key(CONFIG, M50, "upload"), 1, t.plusMillis(500),
                t.plusSeconds(2));
        double[] mean = Profile.meanLoad(loads, w);
        assertEquals(0.5 / 1.5, mean[0], 1e-9);
        assertEquals(1.0 / 1.5, mean[1], 1e-9);
        assertEquals(1.5, mean[2], 1e-9);
        assertEquals(null, Profile.meanLoad(loads, new Profile.Window(1, w.key(), 1, t.minusSeconds(5), t)));
    }
}
