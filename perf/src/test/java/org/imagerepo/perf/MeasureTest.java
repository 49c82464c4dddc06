package org.imagerepo.perf;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeasureTest {

    @TempDir
    Path dir;

    @Test
    void concurrentClientsStartTogetherAndFailuresAreCounted() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        Measure.Concurrent c = Measure.concurrently(4, i -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Files.writeString(dir.resolve("f" + i), "x");
            Thread.sleep(50);
            running.decrementAndGet();
            if (i == 2) {
                throw new IllegalStateException("client two broke");
            }
        }, i -> dir.resolve("f" + i));
        assertEquals(1, c.failures());
        assertEquals("1 of 4 clients failed: client two broke", c.note());
        assertTrue(c.seconds() >= 0.05 && c.seconds() < 5, "wall time " + c.seconds());
        assertEquals(4, peak.get());
        for (int i = 0; i < 4; i++) {
            assertTrue(Files.notExists(dir.resolve("f" + i)), "client files are deleted");
        }
        Measure.Concurrent ok = Measure.concurrently(2, i -> { }, i -> dir.resolve("g" + i));
        assertEquals(0, ok.failures());
        assertNull(ok.note());
    }

    /** The baselines end to end against an in-process stand-in for nginx (static GET and PUT on a folder). */
    @Test
    void baselineOnlyRunWritesEveryRow() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Path f = root.resolve(ex.getRequestURI().getPath().substring(1));
            try (ex) {
                if (ex.getRequestMethod().equals("PUT")) {
                    try (InputStream in = ex.getRequestBody()) {
                        Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
                    }
                    ex.sendResponseHeaders(201, -1);
                } else if (Files.exists(f)) {
                    ex.sendResponseHeaders(200, Files.size(f));
                    try (OutputStream os = ex.getResponseBody()) {
                        Files.copy(f, os);
                    }
                } else {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
        try {
            Path csv = dir.resolve("out/results.csv");
            URI nginx = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            Measure.Options o = new Measure.Options("fs+test", null, null, null, nginx, root, dir.resolve("work"),
                    List.of(1L << 20, 64L << 10), 2, 3, dir.resolve("no-pids"), csv, Duration.ofSeconds(5), 7, 0, 1, true);
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            assertEquals(0, Measure.run(o, new PrintStream(log)));
            List<CsvRow> rows = Csv.read(csv);
            // 2 sizes x 2 runs x (copy, put, get, get-3)
            assertEquals(16, rows.size(), log.toString());
            for (CsvRow r : rows) {
                assertTrue(r.ok(), r.toString());
                assertEquals("fs+test", r.config());
            }
            assertEquals(List.of("baseline-copy", "baseline-put", "baseline-get", "baseline-get-3"),
                    rows.subList(0, 4).stream().map(CsvRow::operation).toList());
            CsvRow conc = rows.get(3);
            assertEquals(3, conc.clients());
            assertEquals(3L << 20, conc.bytes());
            assertTrue(log.toString().contains("perf fs+test 1 MiB run 1 baseline-copy:"), log.toString());
            try (var files = Files.list(dir.resolve("work"))) {
                assertEquals(0, files.count(), "the scratch folder is left empty");
            }
            try (var files = Files.list(root)) {
                assertEquals(0, files.count(), "nothing is left under the nginx root");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aMissingFileIsAFailureNotAnAbort() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        // nothing listens on this port: PUT and GETs fail, dd still works
        Path csv = dir.resolve("r.csv");
        Measure.Options o = new Measure.Options("fs+none", null, null, null, URI.create("http://127.0.0.1:9"), root,
                dir.resolve("work"), List.of(4096L), 1, 2, null, csv, Duration.ofSeconds(5), 7, 0, 1, true);
        int failed = Measure.run(o, new PrintStream(new ByteArrayOutputStream()));
        List<CsvRow> rows = Csv.read(csv);
        assertEquals(4, rows.size());
        assertTrue(rows.get(0).ok());
        assertEquals(3, failed);
        assertEquals(2, rows.get(3).failures());
        assertTrue(rows.get(1).note() != null && !rows.get(1).note().isBlank());
    }

    @Test
    void memoryOfAProcess() throws Exception {
        Path pids = Files.createDirectories(dir.resolve("pids"));
        Files.writeString(pids.resolve("self.pid"), ProcessHandle.current().pid() + "\n");
        Files.writeString(pids.resolve("gone.pid"), "999999999\n");
        Files.writeString(pids.resolve("junk.pid"), "not a pid\n");
        try (MemoryProbe p = MemoryProbe.start(pids, 50)) {
            Thread.sleep(120);
            List<CsvRow> rows = p.rows("2024-05-01T00:00:00Z", "fs");
            assertEquals(List.of("peak-rss-gone", "peak-rss-self"), rows.stream().map(CsvRow::operation).toList());
            assertNull(rows.get(0).bytes());
            assertTrue(rows.get(1).bytes() > 10L << 20, rows.get(1).toString());
            assertTrue(rows.get(1).note().contains("sampled max VmRSS"), rows.get(1).note());
        }
    }
}
