package org.imagerepo.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * {@code measure}: one configuration, every size. Per size one random test file; per run, in this order so that the
 * machine's drift cancels out: baseline-copy, upload, baseline-put, download, baseline-get, download-N,
 * baseline-get-N, then the image is removed. Every measurement is a CSV row; a failure is recorded and the run goes on.
 * What is measured is our gateway, or with {@code --glance} the peer image service, in the same rows and order.
 */
public final class Measure {

    static final String USAGE = """
            usage: imagerepo-perf measure --label CONFIG (--gateway URL [--config-dir DIR] | --glance URL)
                                          --nginx URL --nginx-root DIR --work DIR --csv FILE
                                          [--sizes 50M,300M,500M,1G,2G] [--runs 5] [--clients 16] [--pids DIR]
                                          [--await-timeout SECONDS] [--seed N] [--warmup N] [--first-run N]
                                          [--baseline-only]

              --label CONFIG      the configuration measured, e.g. fs+postgres (the CSV's config column)
              --gateway URL       the stack's gateway, e.g. http://127.0.0.1:8080
              --config-dir DIR    where `imagerepo login` saved the sign-in (default: $IMAGEREPO_CONFIG_DIR or ~/.imagerepo)
              --glance URL        measure the peer instead: OpenStack Glance's API v2 without Keystone (perf/glance),
                                  e.g. http://127.0.0.1:19292; the same operations, and every download's sha256 checked
                                  against the file's (Glance itself records MD5 and SHA-512 of an upload)
              --nginx URL         an nginx serving --nginx-root and accepting PUT (WebDAV) into it
              --nginx-root DIR    that folder on disk (the test files are linked there for the GETs)
              --work DIR          scratch on the disk measured: test files, copies, downloads (created if missing)
              --sizes LIST        image sizes, K/M/G/T in powers of 1024 (default 50M,300M,500M,1G,2G)
              --runs N            runs per size (default 5)
              --clients N         concurrent downloads (default 16)
              --pids DIR          a folder of <component>.pid files (the stack's <state>/pids, Glance's): their peak resident
                                  memory (VmHWM) is recorded at the end
              --csv FILE          rows are appended (the header is written when the file is new)
              --await-timeout S   how long an upload may take to become available after its bytes went up (default 600)
              --seed N            seed of the random test files (default 7)
              --warmup N          untimed upload + download rounds of a 64 MiB image before the first measurement,
                                  so that the services' and the client's JIT has compiled the transfer path (default 3)
              --first-run N       the number the first run is recorded under (default 1): perf/run interleaves ours and
                                  the peer one run at a time, each run its own invocation
              --baseline-only     measure only the baselines (no gateway needed)

            Order of each run: baseline-copy (dd bs=1M conv=fdatasync), upload (+ awaitAvailable), baseline-put (nginx PUT),
            download, baseline-get (nginx GET), download-N, baseline-get-N (N = --clients, all started together).
            Needs free disk in --work of about (clients + 2) x the largest size.
            """;

    static final Set<String> OPTIONS = Set.of("label", "gateway", "config-dir", "glance", "nginx", "nginx-root", "work", "sizes",
            "runs", "clients", "pids", "csv", "await-timeout", "seed", "warmup", "first-run");
    static final Set<String> FLAGS = Set.of("help", "baseline-only");
    static final long SPACE_RESERVE = Sizes.GIB;

    /** What to measure. */
    public record Options(String label, URI gateway, Path configDir, URI glance, URI nginx, Path nginxRoot, Path work,
                          List<Long> sizes, int runs, int clients, Path pids, Path csv, Duration awaitTimeout,
                          long seed, int warmups, int firstRun, boolean baselineOnly) {

        static Options from(Args a) {
            boolean baselineOnly = a.has("baseline-only");
            String label = a.require("label");
            URI glance = a.has("glance") ? URI.create(a.get("glance", null)) : null;
            if (glance != null && a.has("gateway")) {
                throw new IllegalArgumentException("--gateway and --glance: one subject per measure");
            }
            URI gateway = baselineOnly || glance != null ? null : URI.create(a.require("gateway"));
            String configDir = a.get("config-dir", null);
            long await = Long.parseLong(a.get("await-timeout", "600"));
            return new Options(label, gateway, configDir == null ? null : Path.of(configDir), glance,
                    URI.create(a.require("nginx")), Path.of(a.require("nginx-root")), Path.of(a.require("work")),
                    Sizes.parseList(a.get("sizes", "50M,300M,500M,1G,2G")), a.positiveInt("runs", 5),
                    a.positiveInt("clients", 16), a.has("pids") ? Path.of(a.get("pids", null)) : null,
                    Path.of(a.require("csv")), Duration.ofSeconds(await), Long.parseLong(a.get("seed", "7")),
                    Integer.parseInt(a.get("warmup", "3")), a.positiveInt("first-run", 1), baselineOnly);
        }
    }

    private final Options o;
    private final PrintStream log;
    private final Subject subject;
    private final HttpClient http;
    private final String safeLabel;
    private Csv.Appender out;
    private int failures;

    Measure(Options o, PrintStream log) {
        this.o = o;
        this.log = log;
        this.safeLabel = o.label().replaceAll("[^A-Za-z0-9._-]", "_");
        if (o.baselineOnly()) {
            this.subject = null;
        } else if (o.glance() != null) {
            this.subject = new GlanceSubject(o.glance());
        } else {
            this.subject = new OursSubject(o.gateway(), o.configDir(), o.awaitTimeout());
        }
        this.http = Transfers.http();
    }

    /** Measures; returns the number of failed measurements (0: all clean). */
    public static int run(Options o, PrintStream log) throws IOException {
        return new Measure(o, log).run();
    }

    int run() throws IOException {
        Files.createDirectories(o.work());
        if (!Files.isDirectory(o.nginxRoot())) {
            throw new IllegalArgumentException("--nginx-root " + o.nginxRoot() + " is not a folder");
        }
        MemoryProbe probe = o.pids() == null ? null : MemoryProbe.start(o.pids(), 1000);
        try (Csv.Appender appender = new Csv.Appender(o.csv())) {
            out = appender;
            try {
                if (!o.baselineOnly()) {
                    warmUp();
                }
                for (long size : o.sizes()) {
                    try {
                        measureSize(size);
                    } catch (Exception e) { // never abort the run
                        emit(new CsvRow(now(), o.label(), size, null, "error", null, null, null, null, 1, describe(e)));
                    }
                }
            } finally {
                if (probe != null) {
                    probe.close();
                    List<CsvRow> memory = probe.rows(now(), o.label());
                    if (memory.isEmpty()) {
                        log.printf(Locale.ROOT, "perf %s: no <component>.pid files in %s: no memory recorded%n",
                                o.label(), o.pids());
                    }
                    for (CsvRow r : memory) {
                        out.write(r);
                        log.printf(Locale.ROOT, "perf %s %s: %s%n", o.label(), r.operation(),
                                r.bytes() == null ? "-" : Sizes.human(r.bytes()) + " (" + r.note() + ")");
                    }
                }
            }
        }
        log.printf(Locale.ROOT, "perf %s: done, %d failed measurement(s); rows in %s%n", o.label(), failures, o.csv());
        return failures;
    }

    private void measureSize(long size) throws IOException {
        String tag = Sizes.compact(size);
        Path src = o.work().resolve("perf-" + tag + ".bin");
        Path served = o.nginxRoot().resolve("perf-get-" + safeLabel + "-" + tag + ".bin");
        try {
            String space = spaceProblem(o.work(), size);
            if (space != null) {
                emit(new CsvRow(now(), o.label(), size, null, "generate", null, null, null, null, 1, space));
                return;
            }
            long t0 = System.nanoTime();
            String sha;
            try {
                sha = RandomFile.write(src, size, o.seed() * 1_000_003L + size);
            } catch (IOException e) {
                emit(new CsvRow(now(), o.label(), size, null, "generate", null, null, null, null, 1, describe(e)));
                return;
            }
            log.printf(Locale.ROOT, "perf %s %s: test file %s written in %.1f s (sha256 %s)%n", o.label(),
                    Sizes.human(size), src, seconds(t0, System.nanoTime()), sha);
            String servedProblem = place(src, served);
            for (int run = o.firstRun(); run < o.firstRun() + o.runs(); run++) {
                baselineCopy(size, run, src);
                Uploaded up = o.baselineOnly() ? null : upload(size, run, src, sha);
                baselinePut(size, run, src);
                if (up != null) {
                    download(size, run, up, sha);
                }
                baselineGet(size, run, served, sha, servedProblem);
                if (up != null) {
                    downloadConcurrent(size, run, up, sha);
                }
                baselineGetConcurrent(size, run, served, sha, servedProblem);
                if (up != null && up.id() != null) {
                    try {
                        subject.remove(up.id());
                    } catch (Exception e) {
                        emit(new CsvRow(now(), o.label(), size, run, "cleanup", null, null, null, null, 1,
                                "removing image " + up.id() + ": " + describe(e)));
                    }
                }
            }
        } finally {
            Files.deleteIfExists(src);
            Files.deleteIfExists(served);
        }
    }

    /**
     * A freshly started stack runs its first transfers in the interpreter and C1: without this the smallest size,
     * measured first, would time the JIT rather than the transfer. Not recorded; a failure is only logged (the
     * measurements that follow will show it too).
     */
    private void warmUp() {
        long size = 64L << 20;
        Path src = o.work().resolve("perf-warmup.bin");
        Path target = o.work().resolve("perf-warmup-download.bin");
        try {
            String sha = RandomFile.write(src, size, o.seed());
            for (int round = 1; round <= o.warmups(); round++) {
                long t0 = System.nanoTime();
                String id = subject.register("perf-warmup-" + safeLabel + "-" + round, "imagerepo-perf warm-up image");
                try {
                    subject.upload(id, src, size, sha);
                    subject.download(id, target, size, sha);
                } finally {
                    deleteQuietly(target);
                    subject.remove(id);
                }
                log.printf(Locale.ROOT, "perf %s: warm-up %d/%d (64 MiB up and down) in %.1f s%n", o.label(), round,
                        o.warmups(), seconds(t0, System.nanoTime()));
            }
        } catch (Exception e) {
            log.printf(Locale.ROOT, "perf %s: warm-up failed: %s%n", o.label(), describe(e));
        } finally {
            deleteQuietly(src);
        }
    }

    /** Links (or copies) the test file under nginx's root, outside any timing; a problem's description or null. */
    private String place(Path src, Path served) {
        try {
            Files.deleteIfExists(served);
            try {
                Files.createLink(served, src);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(src, served, StandardCopyOption.REPLACE_EXISTING);
            }
            return null;
        } catch (IOException e) {
            return "cannot place the test file under --nginx-root: " + describe(e);
        }
    }

    // -------------------------------------------------------------------------------------------- single client

    private void baselineCopy(long size, int run, Path src) {
        String op = "baseline-copy";
        Path copy = o.work().resolve("perf-copy.bin");
        String space = spaceProblem(o.work(), size);
        if (space != null) {
            fail(size, run, op, 1, null, 1, space);
            return;
        }
        try {
            Files.deleteIfExists(copy);
            ProcessBuilder pb = new ProcessBuilder("dd", "if=" + src, "of=" + copy, "bs=1M", "conv=fdatasync")
                    .redirectErrorStream(true);
            long t0 = System.nanoTime();
            Process p = pb.start();
            byte[] said = p.getInputStream().readAllBytes();
            int rc = p.waitFor();
            long t1 = System.nanoTime();
            if (rc != 0) {
                fail(size, run, op, 1, seconds(t0, t1), 1, "dd exited with " + rc + ": "
                        + new String(said, StandardCharsets.UTF_8).strip());
            } else if (Files.size(copy) != size) {
                fail(size, run, op, 1, seconds(t0, t1), 1, "dd wrote " + Files.size(copy) + " of " + size + " bytes");
            } else {
                emit(CsvRow.transfer(now(), o.label(), size, run, op, 1, seconds(t0, t1), size, 0, "dd bs=1M conv=fdatasync"));
            }
        } catch (IOException | RuntimeException e) {
            fail(size, run, op, 1, null, 1, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(size, run, op, 1, null, 1, "interrupted");
        } finally {
            deleteQuietly(copy);
        }
    }

    record Uploaded(String id, boolean available) {
    }

    private Uploaded upload(long size, int run, Path src, String sha) {
        String op = "upload";
        String id;
        try {
            id = subject.register("perf-" + safeLabel + "-" + Sizes.compact(size) + "-r" + run,
                    "imagerepo-perf test image: " + o.label() + ", " + Sizes.human(size) + ", run " + run);
        } catch (Exception e) {
            fail(size, run, op, 1, null, 1, "register: " + describe(e));
            return new Uploaded(null, false);
        }
        long t0 = System.nanoTime();
        try {
            subject.upload(id, src, size, sha);
            emit(CsvRow.transfer(now(), o.label(), size, run, op, 1, seconds(t0, System.nanoTime()), size, 0, null));
            return new Uploaded(id, true);
        } catch (Exception e) {
            fail(size, run, op, 1, seconds(t0, System.nanoTime()), 1, describe(e));
            return new Uploaded(id, false);
        }
    }

    private void baselinePut(long size, int run, Path src) {
        String op = "baseline-put";
        String name = "perf-put-" + safeLabel + "-" + Sizes.compact(size) + ".bin";
        Path stored = o.nginxRoot().resolve(name);
        String space = spaceProblem(o.nginxRoot(), size);
        if (space != null) {
            fail(size, run, op, 1, null, 1, space);
            return;
        }
        try {
            Files.deleteIfExists(stored);
            HttpRequest req = HttpRequest.newBuilder(nginxUri(name))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(src))
                    .build();
            long t0 = System.nanoTime();
            HttpResponse<String> resp = Transfers.send(http, "nginx", req, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            if (resp.statusCode() / 100 != 2) {
                fail(size, run, op, 1, seconds(t0, t1), 1, "nginx answered " + resp.statusCode() + " to PUT "
                        + req.uri() + ": " + abbreviate(resp.body(), 200));
            } else if (!Files.exists(stored) || Files.size(stored) != size) {
                fail(size, run, op, 1, seconds(t0, t1), 1, "after the PUT " + stored + " does not hold " + size
                        + " bytes (is --nginx-root nginx's root?)");
            } else {
                emit(CsvRow.transfer(now(), o.label(), size, run, op, 1, seconds(t0, t1), size, 0, null));
            }
        } catch (IOException | RuntimeException e) {
            fail(size, run, op, 1, null, 1, describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(size, run, op, 1, null, 1, "interrupted");
        } finally {
            deleteQuietly(stored);
        }
    }

    private void download(long size, int run, Uploaded up, String sha) {
        single(size, run, "download", up.available() ? null : "skipped: this run's upload failed", "perf-download.bin",
                target -> subject.download(up.id(), target, size, sha));
    }

    private void baselineGet(long size, int run, Path served, String sha, String servedProblem) {
        single(size, run, "baseline-get", servedProblem, "perf-get.bin",
                target -> Transfers.getInto(http, "nginx", nginxUri(served.getFileName().toString()), target, size, sha));
    }

    /** A transfer into a file of the work folder. */
    @FunctionalInterface
    private interface TransferTo {
        void into(Path target) throws Exception;
    }

    /**
     * One client's timed transfer into {@code fileName}, recorded; or recorded as failed, with {@code problem} when
     * it cannot be tried (or when the disk lacks the room), or with what went wrong. The file goes afterwards.
     */
    private void single(long size, int run, String op, String problem, String fileName, TransferTo transfer) {
        String cannot = problem != null ? problem : spaceProblem(o.work(), size);
        if (cannot != null) {
            fail(size, run, op, 1, null, 1, cannot);
            return;
        }
        Path target = o.work().resolve(fileName);
        long t0 = System.nanoTime();
        try {
            transfer.into(target);
            emit(CsvRow.transfer(now(), o.label(), size, run, op, 1, seconds(t0, System.nanoTime()), size, 0, null));
        } catch (Exception e) {
            fail(size, run, op, 1, seconds(t0, System.nanoTime()), 1, describe(e));
        } finally {
            deleteQuietly(target);
        }
    }

    // -------------------------------------------------------------------------------------------- N clients

    private void downloadConcurrent(long size, int run, Uploaded up, String sha) {
        String op = "download-" + o.clients();
        if (!up.available()) {
            fail(size, run, op, o.clients(), null, o.clients(), "skipped: this run's upload failed");
            return;
        }
        String space = spaceProblem(o.work(), size * o.clients());
        if (space != null) {
            fail(size, run, op, o.clients(), null, o.clients(), space);
            return;
        }
        IntFunction<Path> file = i -> o.work().resolve("perf-download-" + i + ".bin");
        Concurrent c = concurrently(o.clients(), i -> subject.download(up.id(), file.apply(i), size, sha), file);
        record(size, run, op, c);
    }

    private void baselineGetConcurrent(long size, int run, Path served, String sha, String servedProblem) {
        String op = "baseline-get-" + o.clients();
        if (servedProblem != null) {
            fail(size, run, op, o.clients(), null, o.clients(), servedProblem);
            return;
        }
        String space = spaceProblem(o.work(), size * o.clients());
        if (space != null) {
            fail(size, run, op, o.clients(), null, o.clients(), space);
            return;
        }
        URI uri = nginxUri(served.getFileName().toString());
        IntFunction<Path> file = i -> o.work().resolve("perf-get-" + i + ".bin");
        Concurrent c = concurrently(o.clients(), i -> Transfers.getInto(http, "nginx", uri, file.apply(i), size, sha), file);
        record(size, run, op, c);
    }

    private void record(long size, int run, String op, Concurrent c) {
        long bytes = size * (o.clients() - c.failures());
        CsvRow row = CsvRow.transfer(now(), o.label(), size, run, op, o.clients(), c.seconds(), bytes, c.failures(),
                c.note());
        emit(row);
    }

    interface ClientTask {
        void run(int client) throws Exception;
    }

    /** @param seconds from the common start to the last client's end; @param note the failures, or null */
    record Concurrent(double seconds, int failures, String note) {
    }

    /**
     * Runs {@code n} clients at once: each thread waits at a latch until all are ready, then they are released
     * together; the wall time runs from the release to the last one's end. Each client's file is deleted right after
     * its transfer ended (outside its time).
     */
    static Concurrent concurrently(int n, ClientTask task, IntFunction<Path> fileOf) {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        long[] end = new long[n];
        String[] error = new String[n];
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            int client = i;
            threads[i] = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    task.run(client);
                } catch (Throwable e) {
                    error[client] = describe(e);
                }
                end[client] = System.nanoTime();
                deleteQuietly(fileOf.apply(client));
            }, "perf-client-" + i);
            threads[i].start();
        }
        long t0;
        try {
            ready.await();
            t0 = System.nanoTime();
            go.countDown();
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            go.countDown();
            return new Concurrent(0, n, "interrupted");
        }
        long last = t0;
        int failed = 0;
        Set<String> messages = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            last = Math.max(last, end[i]);
            if (error[i] != null) {
                failed++;
                messages.add(error[i]);
            }
        }
        String note = failed == 0 ? null
                : abbreviate(failed + " of " + n + " clients failed: " + String.join(" | ", messages), 600);
        return new Concurrent(seconds(t0, last), failed, note);
    }

    URI nginxUri(String name) {
        String base = o.nginx().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/" + name);
    }

    // -------------------------------------------------------------------------------------------- rows

    private void fail(long size, int run, String op, int clients, Double seconds, int failed, String note) {
        emit(new CsvRow(now(), o.label(), size, run, op, clients, seconds, 0L, null, failed, note));
    }

    private void emit(CsvRow r) {
        out.write(r);
        if (r.failureCount() > 0) {
            failures++;
        }
        StringBuilder sb = new StringBuilder("perf ").append(o.label());
        if (r.sizeBytes() != null) {
            sb.append(' ').append(Sizes.human(r.sizeBytes()));
        }
        if (r.run() != null) {
            sb.append(" run ").append(r.run());
        }
        sb.append(' ').append(r.operation()).append(':');
        if (r.seconds() != null) {
            sb.append(String.format(Locale.ROOT, " %.3f s", r.seconds()));
        }
        if (r.throughput() != null) {
            sb.append(String.format(Locale.ROOT, ", %.1f MiB/s", r.throughput()));
        }
        if (r.failureCount() > 0) {
            sb.append(" FAILED (").append(r.failureCount()).append("): ").append(r.note());
        }
        log.println(sb);
    }

    // -------------------------------------------------------------------------------------------- helpers

    /** Why {@code bytes} more would not fit in {@code dir}'s file system (keeping {@value #SPACE_RESERVE} free), or null. */
    static String spaceProblem(Path dir, long bytes) {
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (usable - bytes < SPACE_RESERVE) {
                return "skipped: needs " + Sizes.human(bytes) + " + " + Sizes.human(SPACE_RESERVE) + " free in " + dir
                        + ", only " + Sizes.human(usable) + " free";
            }
            return null;
        } catch (IOException e) {
            return null; // cannot tell: try
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
            Throwable cause = e.getCause();
            if (cause != null && cause != e) {
                String inner = describe(cause);
                m = inner.startsWith(m) ? inner : m + ": " + inner;
            }
        } else if (e instanceof IOException && e.getClass() != IOException.class) {
            m = e.getClass().getSimpleName() + ": " + m;
        }
        return abbreviate(m, 500);
    }

    static String abbreviate(String s, int max) {
        if (s == null) {
            return "";
        }
        String t = s.replace('\n', ' ').replace('\r', ' ').strip();
        return t.length() <= max ? t : t.substring(0, max - 3) + "...";
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort
        }
    }

    static double seconds(long t0, long t1) {
        return (t1 - t0) / 1e9;
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
