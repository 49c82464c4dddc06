package org.imagerepo.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code report}: medians per configuration, size and operation; each of ours as a ratio to its baseline, paired run
 * by run; failures; peak memory; the targets; {@code report.md}, {@code summary.csv} and three plots.
 */
public final class Report {

    static final String USAGE = """
            usage: imagerepo-perf report --csv FILE|DIR [FILE|DIR ...] --out DIR [--rss-limit SIZE]

              --csv FILE|DIR   measurement CSVs (repeat, or list several); a folder is searched for *.csv files
                               that start with the measurements header (summary.csv files are skipped)
              --out DIR        where report.md, summary.csv, upload.png, download.png and
                               download-concurrent.png are written (created if missing)
              --rss-limit SIZE judge every service's peak resident memory against SIZE (e.g. 512M); without it the
                               peaks are only listed
            """;
    static final Set<String> OPTIONS = Set.of("csv", "out", "rss-limit");
    static final Set<String> FLAGS = Set.of("help");

    /** The services of bin/stack (the rest, Kafka and the stores, are servers: listed, not judged). */
    static final List<String> SERVICES = List.of("gateway", "catalog", "blob", "accounting", "triggers");

    static final double TARGET_UPLOAD_VS_DD = 0.8;
    static final double TARGET_DOWNLOAD_VS_NGINX = 0.9;
    static final double TARGET_CONCURRENT_VS_NGINX = 0.9;
    static final double TARGET_STORE_VS_FS = 1.5;
    static final double TARGET_UPLOAD_VS_GLANCE = 1.5;
    static final double TARGET_DOWNLOAD_VS_GLANCE = 1.2;
    /** The configuration label perf/run gives the peer (perf/run --peer glance). */
    static final String GLANCE = "glance";
    /** The services whose memory together is set against Glance's API workers. */
    static final List<String> DATA_PATH = List.of("gateway", "blob", "catalog");

    private static final Pattern CONCURRENT = Pattern.compile("(download|baseline-get)-(\\d+)");

    // -------------------------------------------------------------------------------------------- model

    /** A row with where it came from: the file and its place in it (to pair ours with the same run's baseline). */
    record Sourced(int source, int index, CsvRow row) {
    }

    record Key(String config, long size, String op) {
    }

    /** One configuration, size and operation over the runs. */
    static final class Cell {
        final List<CsvRow> rows = new ArrayList<>();
        OptionalDouble seconds = OptionalDouble.empty();
        OptionalDouble throughput = OptionalDouble.empty();
        int ok;
        int failures;
        Integer clients;
    }

    /** The median over paired runs of baseline seconds / our seconds. */
    record Ratio(String config, long size, String ours, String baseline, OptionalDouble median, int pairs) {
    }

    /** Everything the outputs are made of. */
    static final class Analysis {
        final List<String> sources = new ArrayList<>();
        int rowCount;
        final List<String> configs = new ArrayList<>();
        final TreeSet<Long> sizes = new TreeSet<>();
        final Map<Key, Cell> cells = new LinkedHashMap<>();
        final List<Ratio> ratios = new ArrayList<>();
        /** config to component to peak bytes (the largest if measured several times). */
        final Map<String, Map<String, Long>> memory = new LinkedHashMap<>();
        /** config to operation to failures. */
        final Map<String, Map<String, Integer>> failures = new LinkedHashMap<>();
        /** config to distinct failure notes. */
        final Map<String, Set<String>> notes = new LinkedHashMap<>();

        Cell cell(String config, long size, String op) {
            return cells.get(new Key(config, size, op));
        }

        OptionalDouble seconds(String config, long size, String op) {
            Cell c = cell(config, size, op);
            return c == null ? OptionalDouble.empty() : c.seconds;
        }

        Ratio ratio(String config, long size, String ours, String baseline) {
            for (Ratio r : ratios) {
                if (r.config().equals(config) && r.size() == size && r.ours().equals(ours)
                        && r.baseline().equals(baseline)) {
                    return r;
                }
            }
            return null;
        }

        /** The operations measured for {@code config}, in the order of a run. */
        List<String> operations(String config) {
            Set<String> ops = new LinkedHashSet<>();
            for (Key k : cells.keySet()) {
                if (k.config().equals(config)) {
                    ops.add(k.op());
                }
            }
            List<String> out = new ArrayList<>(ops);
            out.sort(Comparator.comparingInt(Report::runOrder).thenComparing(Comparator.naturalOrder()));
            return out;
        }

        /** Every concurrent operation of ours (download-N) measured, by N. */
        Set<String> concurrentOps() {
            Set<String> ops = new TreeSet<>(Comparator.comparingInt(Report::clientsOf));
            for (Key k : cells.keySet()) {
                if (k.op().startsWith("download-") && CONCURRENT.matcher(k.op()).matches()) {
                    ops.add(k.op());
                }
            }
            return ops;
        }

        int totalFailures() {
            return failures.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
        }
    }

    static boolean isTransfer(String op) {
        return op.equals("upload") || op.equals("download") || op.startsWith("baseline-")
                || CONCURRENT.matcher(op).matches();
    }

    static boolean isOurs(String op) {
        return op.equals("upload") || op.equals("download") || (op.startsWith("download-") && CONCURRENT.matcher(op).matches());
    }

    static int clientsOf(String op) {
        Matcher m = CONCURRENT.matcher(op);
        return m.matches() ? Integer.parseInt(m.group(2)) : 1;
    }

    /** The baselines an operation of ours is compared with. */
    static List<String> baselinesOf(String op) {
        if (op.equals("upload")) {
            return List.of("baseline-copy", "baseline-put");
        }
        if (op.equals("download")) {
            return List.of("baseline-get");
        }
        Matcher m = CONCURRENT.matcher(op);
        if (m.matches() && m.group(1).equals("download")) {
            return List.of("baseline-get-" + m.group(2));
        }
        return List.of();
    }

    static int runOrder(String op) {
        switch (op) {
            case "baseline-copy": return 0;
            case "upload": return 1;
            case "baseline-put": return 2;
            case "download": return 3;
            case "baseline-get": return 4;
            default:
                if (op.startsWith("download-")) {
                    return 5;
                }
                if (op.startsWith("baseline-get-")) {
                    return 6;
                }
                return 7;
        }
    }

    static String describeOp(String op) {
        switch (op) {
            case "baseline-copy": return "dd conv=fdatasync";
            case "baseline-put": return "nginx PUT";
            case "baseline-get": return "nginx GET";
            default:
                Matcher m = CONCURRENT.matcher(op);
                if (m.matches() && m.group(1).equals("baseline-get")) {
                    return "nginx GET x" + m.group(2);
                }
                return op;
        }
    }

    // -------------------------------------------------------------------------------------------- analysis

    static Analysis analyse(List<Sourced> rows) {
        Analysis a = new Analysis();
        a.rowCount = rows.size();
        // pairing: (source, config, size, run, op) -> rows in file order
        Map<String, List<CsvRow>> byRun = new LinkedHashMap<>();
        for (Sourced s : rows) {
            CsvRow r = s.row();
            String config = r.config() == null ? "" : r.config();
            String op = r.operation() == null ? "" : r.operation();
            if (!a.configs.contains(config)) {
                a.configs.add(config);
            }
            if (r.failureCount() > 0) {
                a.failures.computeIfAbsent(config, k -> new TreeMap<>(Comparator.comparingInt(Report::runOrder)
                        .thenComparing(Comparator.naturalOrder()))).merge(op, r.failureCount(), Integer::sum);
                if (r.note() != null) {
                    a.notes.computeIfAbsent(config, k -> new LinkedHashSet<>()).add(op + ": " + r.note());
                }
            }
            if (op.startsWith("peak-rss-")) {
                if (r.bytes() != null) {
                    a.memory.computeIfAbsent(config, k -> new TreeMap<>())
                            .merge(op.substring("peak-rss-".length()), r.bytes(), Math::max);
                }
                continue;
            }
            if (!isTransfer(op) || r.sizeBytes() == null) {
                continue;
            }
            a.sizes.add(r.sizeBytes());
            Cell c = a.cells.computeIfAbsent(new Key(config, r.sizeBytes(), op), k -> new Cell());
            c.rows.add(r);
            c.failures += r.failureCount();
            if (c.clients == null && r.clients() != null) {
                c.clients = r.clients();
            }
            byRun.computeIfAbsent(s.source() + "\u0000" + config + "\u0000" + r.sizeBytes() + "\u0000" + r.run()
                    + "\u0000" + op, k -> new ArrayList<>()).add(r);
        }
        a.configs.removeIf(c -> !a.failures.containsKey(c) && !a.memory.containsKey(c)
                && a.cells.keySet().stream().noneMatch(k -> k.config().equals(c)));
        for (Cell c : a.cells.values()) {
            List<Double> secs = new ArrayList<>();
            List<Double> tps = new ArrayList<>();
            for (CsvRow r : c.rows) {
                if (r.ok()) {
                    secs.add(r.seconds());
                    if (r.throughput() != null) {
                        tps.add(r.throughput());
                    }
                }
            }
            c.ok = secs.size();
            c.seconds = Stats.median(secs);
            c.throughput = Stats.median(tps);
        }
        // ratios: each of our rows with the baseline row of the same run (the k-th with the k-th)
        for (Key k : new ArrayList<>(a.cells.keySet())) {
            if (!isOurs(k.op())) {
                continue;
            }
            for (String base : baselinesOf(k.op())) {
                if (!a.cells.containsKey(new Key(k.config(), k.size(), base))) {
                    continue;
                }
                List<Double> ratios = new ArrayList<>();
                for (Map.Entry<String, List<CsvRow>> e : byRun.entrySet()) {
                    String[] parts = e.getKey().split("\u0000", -1);
                    if (!parts[1].equals(k.config()) || !parts[2].equals(Long.toString(k.size()))
                            || !parts[4].equals(k.op())) {
                        continue;
                    }
                    String baseKey = parts[0] + "\u0000" + parts[1] + "\u0000" + parts[2] + "\u0000" + parts[3]
                            + "\u0000" + base;
                    List<CsvRow> theirs = byRun.getOrDefault(baseKey, List.of());
                    List<CsvRow> ours = e.getValue();
                    for (int i = 0; i < Math.min(ours.size(), theirs.size()); i++) {
                        CsvRow o = ours.get(i);
                        CsvRow b = theirs.get(i);
                        if (o.ok() && b.ok()) {
                            ratios.add(b.seconds() / o.seconds());
                        }
                    }
                }
                a.ratios.add(new Ratio(k.config(), k.size(), k.op(), base, Stats.median(ratios), ratios.size()));
            }
        }
        return a;
    }

    // -------------------------------------------------------------------------------------------- entry

    /** Reads the CSVs, writes the outputs into {@code out}; returns the analysis. */
    public static Analysis run(List<Path> inputs, Path out, Long rssLimit, PrintStream log) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".csv"))
                            .filter(Csv::isMeasurements)
                            .sorted()
                            .forEach(files::add);
                }
            } else {
                files.add(p);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no measurement CSVs in " + inputs);
        }
        List<Sourced> rows = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            List<CsvRow> read = Csv.read(files.get(i));
            for (int j = 0; j < read.size(); j++) {
                rows.add(new Sourced(i, j, read.get(j)));
            }
        }
        Analysis a = analyse(rows);
        files.forEach(f -> a.sources.add(f.toString()));
        Files.createDirectories(out);
        writePlots(a, out);
        Files.writeString(out.resolve("summary.csv"), summaryCsv(a), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.md"), markdown(a, rssLimit), StandardCharsets.UTF_8);
        log.printf(Locale.ROOT, "report: %d rows from %d file(s); %s/report.md, summary.csv, upload.png, download.png, "
                + "download-concurrent.png%n", a.rowCount, files.size(), out);
        return a;
    }

    // -------------------------------------------------------------------------------------------- summary.csv

    static final String SUMMARY_HEADER = "config,size_bytes,kind,operation,baseline,clients,runs,failures,"
            + "median_seconds,median_throughput_mib_s,median_ratio";

    static String summaryCsv(Analysis a) {
        StringBuilder sb = new StringBuilder(SUMMARY_HEADER).append('\n');
        for (String config : a.configs) {
            for (long size : a.sizes) {
                for (String op : a.operations(config)) {
                    Cell c = a.cell(config, size, op);
                    if (c == null) {
                        continue;
                    }
                    sb.append(Csv.line(config, Long.toString(size), "median", op, "",
                            c.clients == null ? "" : c.clients.toString(), Integer.toString(c.ok),
                            Integer.toString(c.failures), fmt(c.seconds, "%.6f"), fmt(c.throughput, "%.3f"), ""))
                            .append('\n');
                }
                for (String op : a.operations(config)) {
                    for (String base : baselinesOf(op)) {
                        Ratio r = a.ratio(config, size, op, base);
                        if (r == null) {
                            continue;
                        }
                        Cell c = a.cell(config, size, op);
                        sb.append(Csv.line(config, Long.toString(size), "ratio", op, base,
                                c.clients == null ? "" : c.clients.toString(), Integer.toString(r.pairs()), "", "", "",
                                fmt(r.median(), "%.4f"))).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    // -------------------------------------------------------------------------------------------- report.md

    static String markdown(Analysis a, Long rssLimit) {
        StringBuilder md = new StringBuilder();
        md.append("# Storage study: imagerepo beside the machine's own limit\n\n");
        md.append(String.format(Locale.ROOT, "%d rows from %s. Configurations: %s. Sizes: %s.%n%n", a.rowCount,
                a.sources.isEmpty() ? "(no file)" : a.sources.stream().map(s -> "`" + s + "`").collect(Collectors.joining(", ")),
                String.join(", ", a.configs),
                a.sizes.stream().map(Sizes::human).collect(Collectors.joining(", "))));
        md.append("Times are medians over the runs of the clean measurements (a failed one is counted, not timed). ")
                .append("A ratio is the baseline's time / ours, each run of ours paired with the baseline measured in ")
                .append("the same run, median over the runs: 1.00x is the machine's own limit, more is faster than it. ")
                .append("Baselines: `baseline-copy` = `dd bs=1M conv=fdatasync` on the same disk, `baseline-put` / ")
                .append("`baseline-get` = nginx over loopback (WebDAV PUT / static GET, SHA-256 computed while reading).\n\n");
        md.append("![single-client upload](upload.png)\n![single-client download](download.png)\n")
                .append("![concurrent download](download-concurrent.png)\n\n");

        for (String config : a.configs) {
            List<String> ops = a.operations(config);
            if (ops.isEmpty()) {
                continue;
            }
            md.append("## ").append(config).append("\n\n");
            md.append("| size | operation | clients | runs ok | failures | median s | median MiB/s | ratio to baseline |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
            for (long size : a.sizes) {
                for (String op : ops) {
                    Cell c = a.cell(config, size, op);
                    if (c == null) {
                        continue;
                    }
                    List<String> ratios = new ArrayList<>();
                    for (String base : baselinesOf(op)) {
                        Ratio r = a.ratio(config, size, op, base);
                        if (r != null) {
                            ratios.add(fmtX(r.median()) + " vs " + base);
                        }
                    }
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d | %s | %s | %s |%n",
                            Sizes.human(size), op, c.clients == null ? "" : c.clients, c.ok, c.failures,
                            dash(fmt(c.seconds, "%.3f")), dash(fmt(c.throughput, "%.1f")), String.join(", ", ratios)));
                }
            }
            md.append('\n');
        }

        md.append("## Failures\n\n");
        int total = a.totalFailures();
        if (total == 0) {
            md.append("None: every measurement succeeded.\n\n");
        } else {
            md.append(total).append(" in all.\n\n");
            md.append("| configuration | operation | failures |\n|---|---|---:|\n");
            a.failures.forEach((config, m) -> m.forEach((op, n) ->
                    md.append("| ").append(config).append(" | ").append(op).append(" | ").append(n).append(" |\n")));
            md.append('\n');
            a.notes.forEach((config, notes) -> {
                md.append("- ").append(config).append(":\n");
                int shown = 0;
                for (String n : notes) {
                    if (shown++ == 10) {
                        md.append("  - ... ").append(notes.size() - 10).append(" more\n");
                        break;
                    }
                    md.append("  - ").append(escape(Measure.abbreviate(n, 300))).append('\n');
                }
            });
            md.append('\n');
        }

        md.append("## Peak resident memory (VmHWM)\n\n");
        if (a.memory.isEmpty()) {
            md.append("Not recorded (measure without --pids).\n\n");
        } else {
            Set<String> components = new TreeSet<>(Comparator.comparingInt((String c) -> SERVICES.contains(c)
                    ? SERVICES.indexOf(c) : SERVICES.size()).thenComparing(Comparator.naturalOrder()));
            a.memory.values().forEach(m -> components.addAll(m.keySet()));
            List<String> cfgs = new ArrayList<>(a.memory.keySet());
            md.append("| component | ").append(String.join(" | ", cfgs)).append(" |\n|---|");
            cfgs.forEach(c -> md.append("---:|"));
            md.append('\n');
            for (String comp : components) {
                md.append("| ").append(comp).append(SERVICES.contains(comp) ? "" : " (server)").append(" |");
                for (String c : cfgs) {
                    Long b = a.memory.get(c).get(comp);
                    md.append(' ').append(b == null ? "—" : mib(b)).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }

        md.append(pairsWithGlance(a));
        md.append(targets(a, rssLimit));
        return md.toString();
    }

    /**
     * Issue 17: ours against Glance measured turn by turn (perf/run --peer glance), each of our measurements paired
     * with Glance's of the same size and operation nearest in time: Glance's seconds / ours (more than 1.00x: ours
     * is faster), the median over the pairs, beside ours and Glance's ratio to the nginx baseline of their runs.
     */
    static String pairsWithGlance(Analysis a) {
        if (!a.configs.contains(GLANCE)) {
            return "";
        }
        StringBuilder md = new StringBuilder("## Ours / Glance, pair by pair (issue 17)\n\n")
                .append("Each measurement of ours paired with Glance's of the same size and operation taken next to it ")
                .append("(perf/run takes turns run by run): Glance's time / ours, median over the pairs. ")
                .append("Beside it, each one's ratio to the nginx baseline of its own run.\n\n")
                .append("| configuration | size | operation | pairs | ours / Glance | ours / nginx | Glance / nginx |\n")
                .append("|---|---|---|---:|---:|---:|---:|\n");
        for (String config : a.configs) {
            if (config.equals(GLANCE)) {
                continue;
            }
            for (long size : a.sizes) {
                for (String op : a.operations(config)) {
                    if (op.startsWith("baseline")) {
                        continue;
                    }
                    Cell ours = a.cell(config, size, op);
                    Cell theirs = a.cell(GLANCE, size, op);
                    if (ours == null || theirs == null) {
                        continue;
                    }
                    List<Double> factors = new ArrayList<>();
                    for (CsvRow mine : ours.rows) {
                        CsvRow peer = nearest(mine, theirs.rows);
                        if (clean(mine) && peer != null && clean(peer)) {
                            factors.add(peer.seconds() / mine.seconds());
                        }
                    }
                    String base = op.startsWith("upload") ? "baseline-put" : baselinesOf(op).get(0);
                    Ratio oursToNginx = a.ratio(config, size, op, base);
                    Ratio glanceToNginx = a.ratio(GLANCE, size, op, base);
                    md.append("| ").append(config).append(" | ").append(Sizes.human(size)).append(" | ").append(op)
                            .append(" | ").append(factors.size()).append(" | ")
                            .append(factors.isEmpty() ? "—" : x(Stats.median(factors).getAsDouble())).append(" | ")
                            .append(median(oursToNginx)).append(" | ").append(median(glanceToNginx)).append(" |\n");
                }
            }
        }
        return md.append('\n').toString();
    }

    private static boolean clean(CsvRow row) {
        return row.seconds() != null && row.seconds() > 0 && (row.failures() == null || row.failures() == 0);
    }

    private static String median(Ratio r) {
        return r == null || r.median().isEmpty() ? "—" : x(r.median().getAsDouble());
    }

    /** The row of {@code rows} measured nearest in time to {@code row} (its date), or null. */
    private static CsvRow nearest(CsvRow row, List<CsvRow> rows) {
        CsvRow best = null;
        long bestGap = Long.MAX_VALUE;
        try {
            long at = java.time.Instant.parse(row.date()).toEpochMilli();
            for (CsvRow other : rows) {
                long gap = Math.abs(java.time.Instant.parse(other.date()).toEpochMilli() - at);
                if (gap < bestGap) {
                    bestGap = gap;
                    best = other;
                }
            }
        } catch (RuntimeException e) {
            return null;
        }
        return best;
    }

    // -------------------------------------------------------------------------------------------- targets

    static boolean isFs(String config) {
        return store(config).equals("fs");
    }

    static boolean isPeer(String config) {
        return config.equals(GLANCE);
    }

    static String store(String config) {
        int plus = config.indexOf('+');
        return plus < 0 ? config : config.substring(0, plus);
    }

    static String metadata(String config) {
        int plus = config.indexOf('+');
        return plus < 0 ? "" : config.substring(plus + 1);
    }

    /** The filesystem configuration a store configuration is compared with: fs+<its metadata>, else the first fs one. */
    static String fsReference(Analysis a, String config) {
        String same = "fs+" + metadata(config);
        if (a.configs.contains(same)) {
            return same;
        }
        return a.configs.stream().filter(Report::isFs).findFirst().orElse(null);
    }

    static String targets(Analysis a, Long rssLimit) {
        StringBuilder md = new StringBuilder("## Targets (issue 7)\n\n");
        List<String> fs = a.configs.stream().filter(Report::isFs).toList();
        md.append("| target | configuration | per size | verdict |\n|---|---|---|---|\n");
        if (fs.isEmpty()) {
            md.append("| the filesystem targets | — | no fs configuration measured | no data |\n");
        }
        for (String config : fs) {
            md.append(ratioTarget(a, config, "single-client upload ≥ 0.8x dd conv=fdatasync", "upload",
                    "baseline-copy", TARGET_UPLOAD_VS_DD, false));
            md.append(ratioTarget(a, config, "single-client download ≥ 0.9x nginx", "download", "baseline-get",
                    TARGET_DOWNLOAD_VS_NGINX, false));
            Set<String> conc = a.concurrentOps();
            if (conc.isEmpty()) {
                md.append("| N-client download ≥ 0.9x nginx, no failures | ").append(config).append(" | — | no data |\n");
            }
            for (String op : conc) {
                md.append(ratioTarget(a, config, clientsOf(op) + "-client aggregate download ≥ 0.9x nginx, zero failures",
                        op, baselinesOf(op).get(0), TARGET_CONCURRENT_VS_NGINX, true));
            }
        }
        for (String config : a.configs) {
            Map<String, Long> mem = a.memory.get(config);
            if (mem == null || isPeer(config)) {
                continue;
            }
            List<String> judged = mem.keySet().stream().filter(SERVICES::contains).toList();
            if (judged.isEmpty()) {
                judged = new ArrayList<>(mem.keySet());
            }
            List<String> parts = new ArrayList<>();
            String worst = null;
            for (String c : judged) {
                parts.add(c + " " + mib(mem.get(c)));
                if (worst == null || mem.get(c) > mem.get(worst)) {
                    worst = c;
                }
            }
            String verdict;
            if (worst == null) {
                verdict = "no data";
            } else if (rssLimit == null) {
                verdict = "recorded: largest " + worst + " " + mib(mem.get(worst)) + " (no limit given: --rss-limit)";
            } else {
                List<String> over = judged.stream().filter(c -> mem.get(c) > rssLimit).toList();
                verdict = over.isEmpty() ? "met: all ≤ " + mib(rssLimit)
                        : "missed: " + over.stream().map(c -> c + " over by " + mib(mem.get(c) - rssLimit))
                        .collect(Collectors.joining(", "));
            }
            md.append("| every service's peak RSS").append(rssLimit == null ? "" : " ≤ " + mib(rssLimit)).append(" | ")
                    .append(config).append(" | ").append(String.join(", ", parts)).append(" | ").append(verdict).append(" |\n");
        }
        for (String config : a.configs) {
            if (isFs(config) || isPeer(config)) {
                continue;
            }
            String ref = fsReference(a, config);
            List<String> ops = new ArrayList<>(List.of("upload", "download"));
            ops.addAll(a.concurrentOps());
            for (String op : ops) {
                String name = "within 1.5x of the filesystem (" + op + " time vs " + (ref == null ? "fs" : ref) + ")";
                if (ref == null) {
                    md.append("| ").append(name).append(" | ").append(config).append(" | no fs configuration | no data |\n");
                    continue;
                }
                List<String> parts = new ArrayList<>();
                double worst = Double.NaN;
                long worstSize = 0;
                for (long size : a.sizes) {
                    OptionalDouble mine = a.seconds(config, size, op);
                    OptionalDouble theirs = a.seconds(ref, size, op);
                    if (mine.isPresent() && theirs.isPresent() && theirs.getAsDouble() > 0) {
                        double f = mine.getAsDouble() / theirs.getAsDouble();
                        parts.add(Sizes.human(size) + " " + x(f));
                        if (Double.isNaN(worst) || f > worst) {
                            worst = f;
                            worstSize = size;
                        }
                    }
                }
                String verdict;
                if (Double.isNaN(worst)) {
                    verdict = "no data";
                } else if (worst <= TARGET_STORE_VS_FS) {
                    verdict = "met (worst " + x(worst) + ")";
                } else {
                    verdict = String.format(Locale.ROOT, "missed by %s (%s at %s)", x(worst - TARGET_STORE_VS_FS),
                            x(worst), Sizes.human(worstSize));
                }
                md.append("| ").append(name).append(" | ").append(config).append(" | ")
                        .append(parts.isEmpty() ? "—" : String.join(", ", parts)).append(" | ").append(verdict).append(" |\n");
            }
        }
        md.append(glanceTargets(a, fs));
        md.append("\nRatios of the fs targets are baseline time / our time (≥ target is met); the store comparison ")
                .append("is our time / the fs configuration's time (≤ 1.5x is met); the Glance comparison is our ratio ")
                .append("to the baseline / Glance's ratio to the same baseline (each run-paired, so the drift between ")
                .append("the two cancels; ≥ target is met).\n");
        return md.toString();
    }

    /** The peer's lines: ours against Glance's medians, Glance against its own baselines, and memory. */
    static String glanceTargets(Analysis a, List<String> fs) {
        if (!a.configs.contains(GLANCE)) {
            return "";
        }
        StringBuilder md = new StringBuilder();
        for (String config : fs) {
            md.append(versusGlance(a, config, "single-client upload ≥ 1.5x Glance", "upload", TARGET_UPLOAD_VS_GLANCE));
            md.append(versusGlance(a, config, "single-client download ≥ 1.2x Glance", "download",
                    TARGET_DOWNLOAD_VS_GLANCE));
            for (String op : a.concurrentOps()) {
                md.append(versusGlance(a, config, clientsOf(op) + "-client aggregate download vs Glance (no target)",
                        op, null));
            }
        }
        for (String op : a.concurrentOps()) {
            List<String> parts = new ArrayList<>();
            int failures = 0;
            for (long size : a.sizes) {
                Ratio r = a.ratio(GLANCE, size, op, baselinesOf(op).get(0));
                if (r != null && r.median().isPresent()) {
                    parts.add(Sizes.human(size) + " " + x(r.median().getAsDouble()));
                }
                Cell c = a.cell(GLANCE, size, op);
                failures += c == null ? 0 : c.failures;
            }
            md.append("| Glance's own ").append(clientsOf(op)).append("-client aggregate vs nginx (the issue: about ")
                    .append("0.8x) | glance | ").append(parts.isEmpty() ? "—" : String.join(", ", parts)).append(" | ")
                    .append(parts.isEmpty() ? "no data" : "recorded, " + failures + " failures").append(" |\n");
        }
        Map<String, Long> peer = a.memory.get(GLANCE);
        long glance = peer == null ? 0 : peer.values().stream().mapToLong(Long::longValue).sum();
        for (String config : fs) {
            Map<String, Long> mem = a.memory.get(config);
            String name = "gateway + blob + catalog peak RSS ≤ Glance's API workers";
            if (mem == null || glance == 0 || !mem.keySet().containsAll(DATA_PATH)) {
                md.append("| ").append(name).append(" | ").append(config).append(" | — | no data |\n");
                continue;
            }
            long ours = DATA_PATH.stream().mapToLong(mem::get).sum();
            String verdict = ours <= glance ? "met (" + mib(glance - ours) + " under)"
                    : "missed by " + mib(ours - glance);
            md.append("| ").append(name).append(" | ").append(config).append(" | ours ").append(mib(ours))
                    .append(", Glance ").append(mib(glance)).append(" | ").append(verdict).append(" |\n");
        }
        return md.toString();
    }

    /**
     * How much faster ours is than Glance, per size: our ratio to the baseline / Glance's ratio to the same baseline,
     * each paired run by run, so that the machine's drift between the two measurements cancels out (Glance's median
     * seconds / ours when a baseline is missing). Judged against {@code target} (null: recorded only).
     */
    static OptionalDouble versusGlance(Analysis a, String config, long size, String op) {
        String base = baselinesOf(op).get(0);
        Ratio ours = a.ratio(config, size, op, base);
        Ratio theirs = a.ratio(GLANCE, size, op, base);
        if (ours != null && theirs != null && ours.median().isPresent() && theirs.median().isPresent()
                && theirs.median().getAsDouble() > 0) {
            return OptionalDouble.of(ours.median().getAsDouble() / theirs.median().getAsDouble());
        }
        OptionalDouble mine = a.seconds(config, size, op);
        OptionalDouble glance = a.seconds(GLANCE, size, op);
        if (mine.isPresent() && glance.isPresent() && mine.getAsDouble() > 0) {
            return OptionalDouble.of(glance.getAsDouble() / mine.getAsDouble());
        }
        return OptionalDouble.empty();
    }

    /** Per-size figures as the report lists them ("50 MiB 0.60x, …"), and the lowest with its size. */
    private static final class Lowest {
        final List<String> parts = new ArrayList<>();
        double value = Double.NaN;
        long size;

        void add(long atSize, double v) {
            parts.add(Sizes.human(atSize) + " " + x(v));
            if (Double.isNaN(value) || v < value) {
                value = v;
                size = atSize;
            }
        }
    }

    private static String versusGlance(Analysis a, String config, String name, String op, Double target) {
        Lowest low = new Lowest();
        for (long size : a.sizes) {
            OptionalDouble f = versusGlance(a, config, size, op);
            if (f.isPresent()) {
                low.add(size, f.getAsDouble());
            }
        }
        List<String> parts = low.parts;
        double worst = low.value;
        long worstSize = low.size;
        String verdict;
        if (Double.isNaN(worst)) {
            verdict = "no data";
        } else if (target == null) {
            verdict = "recorded (worst " + x(worst) + ")";
        } else if (worst >= target) {
            verdict = "met (worst " + x(worst) + ")";
        } else {
            verdict = String.format(Locale.ROOT, "missed by %s (%s at %s)", x(target - worst), x(worst),
                    Sizes.human(worstSize));
        }
        return "| " + name + " | " + config + " | " + (parts.isEmpty() ? "—" : String.join(", ", parts)) + " | "
                + verdict + " |\n";
    }

    private static String ratioTarget(Analysis a, String config, String name, String op, String base, double target,
                                      boolean noFailures) {
        Lowest low = new Lowest();
        int failures = 0;
        for (long size : a.sizes) {
            Ratio r = a.ratio(config, size, op, base);
            Cell c = a.cell(config, size, op);
            if (c != null) {
                failures += c.failures;
            }
            if (r != null && r.median().isPresent()) {
                low.add(size, r.median().getAsDouble());
            }
        }
        List<String> parts = low.parts;
        double worst = low.value;
        long worstSize = low.size;
        String verdict;
        if (Double.isNaN(worst)) {
            verdict = "no data" + (failures > 0 ? " (" + failures + " failures)" : "");
        } else {
            List<String> misses = new ArrayList<>();
            if (worst < target) {
                misses.add(String.format(Locale.ROOT, "by %s (%s at %s, %.0f%% short)", x(target - worst), x(worst),
                        Sizes.human(worstSize), (target - worst) / target * 100));
            }
            if (noFailures && failures > 0) {
                misses.add(failures + " failed downloads");
            }
            if (!noFailures && failures > 0) {
                parts.add(failures + " failures");
            }
            verdict = misses.isEmpty() ? "met (worst " + x(worst) + (noFailures ? ", 0 failures" : "") + ")"
                    : "missed " + String.join("; ", misses);
        }
        return "| " + name + " | " + config + " | " + (parts.isEmpty() ? "—" : String.join(", ", parts)) + " | "
                + verdict + " |\n";
    }

    // -------------------------------------------------------------------------------------------- plots

    static void writePlots(Analysis a, Path out) throws IOException {
        List<Long> sizes = new ArrayList<>(a.sizes);
        List<String> ticks = sizes.stream().map(Sizes::human).toList();
        plot(a, out.resolve("upload.png"), "Single-client upload", sizes, ticks, List.of("upload"),
                List.of("baseline-copy", "baseline-put"));
        plot(a, out.resolve("download.png"), "Single-client download", sizes, ticks, List.of("download"),
                List.of("baseline-get"));
        List<String> conc = new ArrayList<>(a.concurrentOps());
        List<String> concBase = conc.stream().map(op -> baselinesOf(op).get(0)).toList();
        String title = conc.size() == 1 ? clientsOf(conc.get(0)) + " concurrent downloads" : "Concurrent downloads";
        plot(a, out.resolve("download-concurrent.png"), title + " (wall time until the last one ended)", sizes, ticks,
                conc, concBase);
    }

    private static void plot(Analysis a, Path file, String title, List<Long> sizes, List<String> ticks,
                             List<String> ours, List<String> baselines) throws IOException {
        List<Plot.Series> series = new ArrayList<>();
        for (String config : a.configs) {
            for (String op : ours) {
                List<Double> v = new ArrayList<>();
                boolean any = false;
                for (long size : sizes) {
                    OptionalDouble s = a.seconds(config, size, op);
                    v.add(s.isPresent() ? s.getAsDouble() : null);
                    any |= s.isPresent();
                }
                if (any) {
                    series.add(new Plot.Series(ours.size() > 1 ? config + " (" + op + ")" : config, v, false));
                }
            }
        }
        for (String base : baselines) {
            // the baseline measured beside every configuration, pooled: the median of all its clean runs
            List<Double> v = new ArrayList<>();
            boolean any = false;
            for (long size : sizes) {
                List<Double> secs = new ArrayList<>();
                for (String config : a.configs) {
                    Cell c = a.cell(config, size, base);
                    if (c != null) {
                        c.rows.stream().filter(CsvRow::ok).forEach(r -> secs.add(r.seconds()));
                    }
                }
                OptionalDouble m = Stats.median(secs);
                v.add(m.isPresent() ? m.getAsDouble() : null);
                any |= m.isPresent();
            }
            if (any) {
                series.add(new Plot.Series("baseline: " + describeOp(base), v, true));
            }
        }
        Plot.write(file, title, "image size", "time (s, median over runs)", ticks, series);
    }

    // -------------------------------------------------------------------------------------------- formatting

    static String fmt(OptionalDouble v, String pattern) {
        return v.isPresent() ? String.format(Locale.ROOT, pattern, v.getAsDouble()) : "";
    }

    static String dash(String s) {
        return s.isEmpty() ? "—" : s;
    }

    static String fmtX(OptionalDouble v) {
        return v.isPresent() ? x(v.getAsDouble()) : "—";
    }

    static String x(double v) {
        return String.format(Locale.ROOT, "%.2fx", v);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) Sizes.MIB);
    }

    /** Markdown table cells: a | would end the cell. */
    static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
