package org.imagerepo.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resident memory of the stack's processes: a folder of {@code <component>.pid} files (the stack's
 * {@code <state>/pids}; the first line of each is the pid). At the end, each one's peak resident set as the kernel
 * kept it ({@code VmHWM} of {@code /proc/PID/status}); meanwhile a daemon thread samples {@code VmRSS} to keep its
 * maximum too. A component whose process has children (a launcher script) is counted with them, summed.
 */
public final class MemoryProbe implements AutoCloseable {

    private final Path dir;
    private final Map<String, Long> sampledMax = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    private MemoryProbe(Path dir, long intervalMillis) {
        this.dir = dir;
        this.sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
    }

    /** Starts sampling every {@code intervalMillis}. */
    public static MemoryProbe start(Path dir, long intervalMillis) {
        MemoryProbe p = new MemoryProbe(dir, intervalMillis);
        p.sample();
        p.sampler.start();
        return p;
    }

    private void sample() {
        for (Map.Entry<String, Integer> e : pids(dir).entrySet()) {
            long rss = 0;
            boolean any = false;
            for (int pid : tree(e.getValue())) {
                Long kb = statusKb(pid, "VmRSS");
                if (kb != null) {
                    rss += kb * 1024;
                    any = true;
                }
            }
            if (any) {
                sampledMax.merge(e.getKey(), rss, Math::max);
            }
        }
    }

    /** The peak-memory rows: operation {@code peak-rss-<component>}, bytes = VmHWM (summed over the process tree). */
    public List<CsvRow> rows(String date, String config) {
        sample();
        List<CsvRow> rows = new ArrayList<>();
        for (Map.Entry<String, Integer> e : pids(dir).entrySet()) {
            String component = e.getKey();
            int pid = e.getValue();
            List<Integer> tree = tree(pid);
            long hwm = 0;
            int counted = 0;
            for (int p : tree) {
                Long kb = statusKb(p, "VmHWM");
                if (kb != null) {
                    hwm += kb * 1024;
                    counted++;
                }
            }
            Long sampled = sampledMax.get(component);
            String note;
            Long bytes;
            if (counted == 0) {
                bytes = null;
                note = "process " + pid + " not running at the end"
                        + (sampled == null ? "" : "; sampled max VmRSS " + sampled);
            } else {
                bytes = hwm;
                note = "VmHWM of pid " + pid + (counted > 1 ? " and " + (counted - 1) + " descendants" : "")
                        + (sampled == null ? "" : "; sampled max VmRSS " + sampled);
            }
            rows.add(new CsvRow(date, config, null, null, "peak-rss-" + component, null, null, bytes, null, null, note));
        }
        return rows;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }

    /** component name to pid, of the folder's {@code *.pid} files whose first line is a number. */
    static Map<String, Integer> pids(Path dir) {
        Map<String, Integer> out = new TreeMap<>();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.pid")) {
            for (Path f : ds) {
                try {
                    List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                    if (!lines.isEmpty() && lines.get(0).strip().matches("[0-9]+")) {
                        String name = f.getFileName().toString();
                        out.put(name.substring(0, name.length() - 4), Integer.parseInt(lines.get(0).strip()));
                    }
                } catch (IOException | NumberFormatException ignored) {
                    // a file being rewritten: skip it this time
                }
            }
        } catch (IOException ignored) {
            // the folder went away
        }
        return out;
    }

    /** A {@code kB} field of {@code /proc/PID/status} ({@code VmHWM}, {@code VmRSS}), or null. */
    static Long statusKb(int pid, String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Integer.toString(pid), "status"), StandardCharsets.UTF_8)) {
                if (l.startsWith(key + ":")) {
                    String v = l.substring(key.length() + 1).strip();
                    int sp = v.indexOf(' ');
                    return Long.parseLong(sp < 0 ? v : v.substring(0, sp));
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // gone, or not Linux
        }
        return null;
    }

    /** {@code pid} and its descendants (from the parent pids in {@code /proc/*}/stat). */
    static List<Integer> tree(int pid) {
        Map<Integer, List<Integer>> children = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : ds) {
                try {
                    String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    int ppid = Integer.parseInt(f[1]);
                    children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Integer.parseInt(p.getFileName().toString()));
                } catch (IOException | RuntimeException ignored) {
                    // exited meanwhile
                }
            }
        } catch (IOException ignored) {
            return List.of(pid);
        }
        List<Integer> out = new ArrayList<>();
        List<Integer> todo = new ArrayList<>(List.of(pid));
        while (!todo.isEmpty() && out.size() < 10_000) {
            int p = todo.remove(todo.size() - 1);
            out.add(p);
            todo.addAll(children.getOrDefault(p, List.of()));
        }
        return out;
    }
}
