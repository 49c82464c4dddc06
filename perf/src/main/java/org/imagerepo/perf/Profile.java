package org.imagerepo.perf;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code profile}: where the time of a transfer goes. The JFR recordings of a profiled run (one per JVM: every
 * service and the harness's client) cut into the measurements' windows ({@code [date - seconds, date]}): per
 * component its CPU seconds (jdk.CPULoad), hot methods and packages (jdk.ExecutionSample), summed over the runs.
 */
public final class Profile {

    static final String USAGE = """
            usage: imagerepo-perf profile --csv FILE --jfr DIR --out FILE [--config CONFIG] [--size SIZE]
                                          [--operations LIST]

              --csv FILE        the measurements CSV of a run whose JVMs were recorded (perf/run --profile)
              --jfr DIR         the recordings: every *.jfr file in DIR and its sub-folders (one level), one or more
                                per JVM (-XX:StartFlightRecording=filename=DIR/,settings=profile,dumponexit=true)
              --out FILE        the Markdown written, e.g. profile.md (its folder is created if missing)
              --config CONFIG   only this configuration's rows (the CSV of perf/run holds every configuration's,
                                the recordings are of one)
              --size SIZE       the image size analysed (default: the largest in the CSV)
              --operations LIST comma-separated (default: upload, download and every download-N in the CSV); the
                                baselines are dd and nginx, whose time no JVM recording shows

            Components: a JVM started with -Dimagerepo.instance=<dir>/<name>.pid is <name> (gateway, catalog, blob,
            accounting, triggers), the harness (imagerepo-perf) is client, any other JVM is other.
            """;
    static final Set<String> OPTIONS = Set.of("csv", "jfr", "out", "config", "size", "operations");
    static final Set<String> FLAGS = Set.of("help");

    static final String MARKER = "-Dimagerepo.instance=";
    static final String CLIENT = "client";
    static final String OTHER = "other";
    static final int TOP_METHODS = 8;
    static final int TOP_PACKAGES = 6;
    static final int TOP_NATIVE = 3;
    /** Below this share of a section's samples a component gets no detail (and no row if it used no CPU either). */
    static final double SHOWN = 0.01;
    /** Fewer samples than this in a section: its shares are only rough. */
    static final int FEW_SAMPLES = 200;

    // the value may hold spaces (a folder's name): up to the first ".pid" that ends an argument
    private static final Pattern MARKED = Pattern.compile(Pattern.quote(MARKER) + "(.*?)\\.pid(?=\\s|$)");
    // what the JDK names the files of filename=DIR/: hotspot-pid-<pid>-id-<n>-<date>.jfr
    private static final Pattern FILE_PID = Pattern.compile("-pid-(\\d+)-");

    static final Comparator<String> COMPONENTS = Comparator.comparingInt(Profile::componentRank)
            .thenComparing(Comparator.naturalOrder());

    private Profile() {
    }

    // -------------------------------------------------------------------------------------------- model

    record Key(String config, long size, String op) {
    }

    /** One measurement: it ended at {@code date} and took {@code seconds}; {@code index} is its place in the scan. */
    record Window(int index, Key key, Integer run, Instant start, Instant end) {
        double seconds() {
            return Duration.between(start, end).toNanos() / 1e9;
        }

        boolean contains(Instant t) {
            return !t.isBefore(start) && !t.isAfter(end);
        }
    }

    /** A jdk.CPULoad sample: the JVM's user + system share of the machine, and the machine's, since the last one. */
    record Load(Instant time, double jvm, double machine) {
    }

    /** Execution samples (one JVM or component, one window or several). */
    static final class Tally {
        int samples;
        int natives;
        final Map<String, Integer> methods = new HashMap<>();
        final Map<String, Integer> packages = new HashMap<>();
        final Map<String, Integer> nativeMethods = new HashMap<>();

        void add(Tally o) {
            samples += o.samples;
            natives += o.natives;
            o.methods.forEach((k, v) -> methods.merge(k, v, Integer::sum));
            o.packages.forEach((k, v) -> packages.merge(k, v, Integer::sum));
            o.nativeMethods.forEach((k, v) -> nativeMethods.merge(k, v, Integer::sum));
        }
    }

    /** What one .jfr file holds for the windows. */
    static final class Scan {
        final Path file;
        String jvmArguments;
        String javaArguments;
        Long pid;
        Instant jvmStart;
        Integer hwThreads;
        Instant first;
        Instant last;
        final List<Load> loads = new ArrayList<>();
        /** window index to its samples. */
        final Map<Integer, Tally> tallies = new HashMap<>();

        Scan(Path file) {
            this.file = file;
        }

        void seen(Instant t) {
            if (first == null || t.isBefore(first)) {
                first = t;
            }
            if (last == null || t.isAfter(last)) {
                last = t;
            }
        }
    }

    /** One JVM: the files of its recording joined (a JVM may have written several). */
    static final class Jvm {
        final List<Path> files = new ArrayList<>();
        String component = OTHER;
        Integer hwThreads;
        Instant first;
        Instant last;
        final List<Load> loads = new ArrayList<>();
        final Map<Integer, Tally> tallies = new HashMap<>();
    }

    /** One component in one section, summed over the runs. */
    static final class Usage {
        double cpuSeconds;
        /** the windows' seconds in which this component's CPU load was known. */
        double cpuWindowSeconds;
        final Tally tally = new Tally();

        boolean hasCpu() {
            return cpuWindowSeconds > 0;
        }

        double share() {
            return hasCpu() ? cpuSeconds / cpuWindowSeconds : 0;
        }
    }

    /** One configuration, size and operation over its runs. */
    static final class Section {
        final Key key;
        final List<Window> windows = new ArrayList<>();
        int failed;
        int runsWithData;
        double saturationSum;
        int saturationRuns;
        final Map<String, Usage> components = new TreeMap<>(COMPONENTS);

        Section(Key key) {
            this.key = key;
        }

        double seconds() {
            return windows.stream().mapToDouble(Window::seconds).sum();
        }

        int samples() {
            return components.values().stream().mapToInt(u -> u.tally.samples).sum();
        }

        Double saturation() {
            return saturationRuns == 0 ? null : saturationSum / saturationRuns;
        }
    }

    /** The rows analysed: their size, the operations asked for (those not in the CSV), a section each. */
    record Selection(long size, List<String> operations, List<String> missing, List<Section> sections,
                     List<Window> windows) {
    }

    /** What the Markdown is made of. */
    record Analysis(Path csv, Path jfrDir, long size, List<String> operations, List<String> missing,
                    List<Section> sections, List<Jvm> jvms, int cpus) {

        Section section(String config, long size, String op) {
            return sections.stream().filter(s -> s.key.equals(new Key(config, size, op))).findFirst().orElse(null);
        }
    }

    // -------------------------------------------------------------------------------------------- components

    /**
     * The component a JVM's arguments say it is: the name of the pid file of bin/stack's marker, {@code client} for
     * the harness, else {@code other}.
     */
    static String component(String jvmArguments, String javaArguments) {
        for (String args : new String[]{jvmArguments, javaArguments}) {
            String name = markedName(args);
            if (name != null) {
                return name;
            }
        }
        if (javaArguments != null && (javaArguments.contains("imagerepo-perf")
                || javaArguments.contains(PerfMain.class.getName()))) {
            return CLIENT;
        }
        return OTHER;
    }

    private static String markedName(String args) {
        if (args == null || !args.contains(MARKER)) {
            return null;
        }
        Matcher m = MARKED.matcher(args);
        String value;
        if (m.find() && !m.group(1).contains(" -")) {
            value = m.group(1);
        } else {
            // no "<name>.pid" ending an argument: the marker's first word
            String rest = args.substring(args.indexOf(MARKER) + MARKER.length());
            value = rest.split("\\s", 2)[0];
            if (value.endsWith(".pid")) {
                value = value.substring(0, value.length() - 4);
            }
        }
        String name = value.substring(Math.max(value.lastIndexOf('/'), value.lastIndexOf('\\')) + 1);
        return name.isBlank() ? null : name;
    }

    static int componentRank(String c) {
        int i = Report.SERVICES.indexOf(c);
        if (i >= 0) {
            return i;
        }
        if (c.equals(CLIENT)) {
            return Report.SERVICES.size();
        }
        return c.equals(OTHER) ? Report.SERVICES.size() + 2 : Report.SERVICES.size() + 1;
    }

    // -------------------------------------------------------------------------------------------- frames

    /** Whether a class is the JDK's: its time is charged to the first caller that is not (see {@link #packageOf}). */
    static boolean isJdk(String className) {
        return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
                || className.startsWith("sun.") || className.startsWith("com.sun.");
    }

    /** {@code io.netty.buffer.PooledByteBuf} to {@code io.netty.buffer}; at most three segments. */
    static String packageName(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return "(default package)";
        }
        String[] parts = className.substring(0, dot).split("\\.");
        return String.join(".", List.of(parts).subList(0, Math.min(3, parts.length)));
    }

    /**
     * The package a sample is charged to, from its classes top frame first: the first that is not the JDK's (the code
     * that asked for the work), or the top frame's when the whole stack is the JDK's.
     */
    static String packageOf(List<String> classNames) {
        if (classNames.isEmpty()) {
            return "(no stack)";
        }
        for (String c : classNames) {
            if (!isJdk(c)) {
                return packageName(c);
            }
        }
        return packageName(classNames.get(0));
    }

    private static String className(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        if (m == null || m.getType() == null || m.getType().getName() == null) {
            return "(unknown)";
        }
        // hidden classes (lambdas) carry their address: one name per lambda, not per JVM
        String n = m.getType().getName();
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(0, slash);
    }

    private static String methodName(RecordedFrame f) {
        RecordedMethod m = f.getMethod();
        return className(f) + "." + (m == null ? "?" : m.getName());
    }

    private static void count(Tally t, RecordedEvent e, boolean nativeSample) {
        RecordedStackTrace st = e.getStackTrace();
        List<RecordedFrame> frames = st == null ? List.of() : st.getFrames();
        String top = frames.isEmpty() ? "(no stack)" : methodName(frames.get(0));
        if (nativeSample) {
            t.natives++;
            t.nativeMethods.merge(top, 1, Integer::sum);
            return;
        }
        t.samples++;
        t.methods.merge(top, 1, Integer::sum);
        t.packages.merge(packageOf(frames.stream().map(Profile::className).toList()), 1, Integer::sum);
    }

    // -------------------------------------------------------------------------------------------- windows

    /**
     * The windows analysed: the rows of {@code size} (default the largest) whose operation is one of {@code ops}
     * (default upload, download and every download-N). Failed measurements are counted in their section, not timed.
     */
    static Selection select(List<CsvRow> rows, Long size, List<String> ops) {
        List<CsvRow> transfers = rows.stream()
                .filter(r -> r.operation() != null && r.sizeBytes() != null && Report.isTransfer(r.operation()))
                .toList();
        List<String> operations = new ArrayList<>();
        if (ops == null || ops.isEmpty()) {
            transfers.stream().map(CsvRow::operation).filter(Report::isOurs).distinct()
                    .sorted(Comparator.comparingInt(Report::runOrder).thenComparingInt(Report::clientsOf))
                    .forEach(operations::add);
            if (operations.isEmpty()) {
                throw new IllegalArgumentException("no upload or download rows in the CSV");
            }
        } else {
            operations.addAll(ops);
        }
        long chosen;
        if (size != null) {
            chosen = size;
        } else {
            chosen = transfers.stream().filter(r -> operations.contains(r.operation())).mapToLong(CsvRow::sizeBytes)
                    .max().orElseThrow(() -> new IllegalArgumentException("no rows of " + operations + " in the CSV"));
        }
        Map<Key, Section> byKey = new LinkedHashMap<>();
        List<Window> windows = new ArrayList<>();
        Set<String> found = new LinkedHashSet<>();
        for (String op : operations) {
            for (CsvRow r : transfers) {
                if (!r.operation().equals(op) || r.sizeBytes() != chosen) {
                    continue;
                }
                found.add(op);
                Key k = new Key(r.config(), chosen, op);
                Section s = byKey.computeIfAbsent(k, Section::new);
                if (!r.ok() || r.date() == null) {
                    s.failed++;
                    continue;
                }
                Instant end;
                try {
                    end = Instant.parse(r.date());
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("not an ISO instant in the date column: '" + r.date() + "'");
                }
                Window w = new Window(windows.size(), k, r.run(), end.minusNanos(Math.round(r.seconds() * 1e9)), end);
                windows.add(w);
                s.windows.add(w);
            }
        }
        if (found.isEmpty()) {
            Set<Long> sizes = transfers.stream().filter(r -> operations.contains(r.operation()))
                    .map(CsvRow::sizeBytes).collect(Collectors.toCollection(TreeSet::new));
            throw new IllegalArgumentException("no rows of " + operations + " at " + Sizes.human(chosen)
                    + " in the CSV (sizes: " + sizes.stream().map(Sizes::compact).collect(Collectors.joining(", "))
                    + ")");
        }
        // sections by configuration (in file order), then operation (in the order asked)
        List<Section> sections = new ArrayList<>();
        List<String> configs = byKey.keySet().stream().map(Key::config).distinct().toList();
        for (String config : configs) {
            for (String op : operations) {
                Section s = byKey.get(new Key(config, chosen, op));
                if (s != null) {
                    sections.add(s);
                }
            }
        }
        List<String> missing = operations.stream().filter(op -> !found.contains(op)).toList();
        return new Selection(chosen, List.copyOf(operations), missing, sections, windows);
    }

    // -------------------------------------------------------------------------------------------- recordings

    /** Every *.jfr file in {@code dir} and its sub-folders, one level down. */
    static List<Path> recordings(Path dir) throws IOException {
        if (Files.isRegularFile(dir)) {
            // JDK 17 writes filename=DIR/ as a file named DIR when the folder is missing (every JVM the same one)
            throw new IllegalArgumentException("--jfr " + dir + " is a file, not a folder: it was missing when the "
                    + "JVMs started, so JFR wrote one file of that name (create the folder first)");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--jfr " + dir + " is not a folder");
        }
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            List<Path> files = walk.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".jfr"))
                    .sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("no *.jfr files in " + dir);
            }
            return files;
        }
    }

    /** One pass over a file: what identifies its JVM, its CPU load, and the samples inside the windows. */
    static Scan scan(Path file, List<Window> windows, PrintStream log) {
        Scan s = new Scan(file);
        Instant from = windows.stream().map(Window::start).min(Comparator.naturalOrder()).orElse(Instant.MAX);
        Instant to = windows.stream().map(Window::end).max(Comparator.naturalOrder()).orElse(Instant.MIN);
        try (RecordingFile rf = new RecordingFile(file)) {
            while (rf.hasMoreEvents()) {
                RecordedEvent e = rf.readEvent();
                Instant t = e.getStartTime();
                s.seen(t);
                switch (e.getEventType().getName()) {
                    case "jdk.JVMInformation" -> {
                        s.jvmArguments = string(e, "jvmArguments");
                        s.javaArguments = string(e, "javaArguments");
                        if (e.hasField("pid")) {
                            s.pid = e.getLong("pid");
                        }
                        if (e.hasField("jvmStartTime")) {
                            s.jvmStart = e.getInstant("jvmStartTime");
                        }
                    }
                    case "jdk.CPUInformation" -> {
                        if (e.hasField("hwThreads")) {
                            s.hwThreads = (int) e.getLong("hwThreads");
                        }
                    }
                    case "jdk.CPULoad" -> s.loads.add(new Load(t, e.getDouble("jvmUser") + e.getDouble("jvmSystem"),
                            e.getDouble("machineTotal")));
                    case "jdk.ExecutionSample", "jdk.NativeMethodSample" -> {
                        if (t.isBefore(from) || t.isAfter(to)) {
                            break;
                        }
                        boolean nativeSample = e.getEventType().getName().equals("jdk.NativeMethodSample");
                        for (Window w : windows) {
                            if (w.contains(t)) {
                                count(s.tallies.computeIfAbsent(w.index(), k -> new Tally()), e, nativeSample);
                            }
                        }
                    }
                    default -> {
                        // other events: only their time (the recording's span)
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // a JVM killed while dumping leaves a truncated file: what was read is still right
            log.println("profile: " + file + ": " + Measure.describe(e) + " (read up to there)");
        }
        return s;
    }

    private static String string(RecordedEvent e, String field) {
        return e.hasField(field) ? e.getString(field) : null;
    }

    /** The files of one JVM joined: by pid and start time, a file without jdk.JVMInformation by its name's pid. */
    static List<Jvm> join(List<Scan> scans) {
        Map<String, Jvm> jvms = new LinkedHashMap<>();
        Map<Long, List<String>> byPid = new HashMap<>();
        List<Scan> anonymous = new ArrayList<>();
        for (Scan s : scans) {
            if (s.jvmArguments == null && s.javaArguments == null && s.pid == null) {
                anonymous.add(s);
                continue;
            }
            String key = s.pid == null ? s.file.toString() : s.pid + "@" + s.jvmStart;
            Jvm j = jvms.get(key);
            if (j == null) {
                j = new Jvm();
                j.component = component(s.jvmArguments, s.javaArguments);
                jvms.put(key, j);
                if (s.pid != null) {
                    byPid.computeIfAbsent(s.pid, k -> new ArrayList<>()).add(key);
                }
            }
            merge(j, s);
        }
        for (Scan s : anonymous) {
            Matcher m = FILE_PID.matcher(s.file.getFileName().toString());
            List<String> same = m.find() ? byPid.getOrDefault(Long.parseLong(m.group(1)), List.of()) : List.of();
            Jvm j = same.isEmpty() ? null : jvms.get(same.get(same.size() - 1));
            if (j == null) {
                j = new Jvm();
                jvms.put(s.file.toString(), j);
            }
            merge(j, s);
        }
        for (Jvm j : jvms.values()) {
            j.loads.sort(Comparator.comparing(Load::time));
        }
        return new ArrayList<>(jvms.values());
    }

    private static void merge(Jvm j, Scan s) {
        j.files.add(s.file);
        if (j.hwThreads == null) {
            j.hwThreads = s.hwThreads;
        }
        if (s.first != null && (j.first == null || s.first.isBefore(j.first))) {
            j.first = s.first;
        }
        if (s.last != null && (j.last == null || s.last.isAfter(j.last))) {
            j.last = s.last;
        }
        j.loads.addAll(s.loads);
        s.tallies.forEach((i, t) -> j.tallies.computeIfAbsent(i, k -> new Tally()).add(t));
    }

    // -------------------------------------------------------------------------------------------- analysis

    /**
     * A JVM's mean load over a window, {jvm, machine, seconds covered}: each jdk.CPULoad sample stands for the time
     * since the previous one (so the first of a JVM stands for nothing), weighted by how much of the window that is.
     */
    static double[] meanLoad(List<Load> loads, Window w) {
        double jvm = 0;
        double machine = 0;
        double covered = 0;
        for (int i = 1; i < loads.size(); i++) {
            Instant a = loads.get(i - 1).time();
            Instant b = loads.get(i).time();
            if (!b.isAfter(w.start()) || !a.isBefore(w.end())) {
                continue;
            }
            Instant from = a.isAfter(w.start()) ? a : w.start();
            Instant to = b.isBefore(w.end()) ? b : w.end();
            double overlap = Duration.between(from, to).toNanos() / 1e9;
            jvm += overlap * loads.get(i).jvm();
            machine += overlap * loads.get(i).machine();
            covered += overlap;
        }
        return covered <= 0 ? null : new double[]{jvm / covered, machine / covered, covered};
    }

    /** Cuts the JVMs' data into the sections' windows. */
    static void analyse(List<Section> sections, List<Jvm> jvms, int cpus) {
        for (Section s : sections) {
            for (Window w : s.windows) {
                double machine = 0;
                double covered = 0;
                boolean data = false;
                Map<String, Double> cpu = new HashMap<>();
                for (Jvm j : jvms) {
                    double[] load = meanLoad(j.loads, w);
                    if (load != null) {
                        // the CPU-seconds: mean share of the machine x its CPUs x the window
                        int n = j.hwThreads == null ? cpus : j.hwThreads;
                        cpu.merge(j.component, load[0] * n * w.seconds(), Double::sum);
                        machine += load[1] * load[2];
                        covered += load[2];
                        data = true;
                    }
                    Tally t = j.tallies.get(w.index());
                    if (t != null) {
                        s.components.computeIfAbsent(j.component, k -> new Usage()).tally.add(t);
                        data = true;
                    }
                }
                cpu.forEach((c, seconds) -> {
                    Usage u = s.components.computeIfAbsent(c, k -> new Usage());
                    u.cpuSeconds += seconds;
                    u.cpuWindowSeconds += w.seconds();
                });
                if (covered > 0) {
                    s.saturationSum += machine / covered;
                    s.saturationRuns++;
                }
                if (data) {
                    s.runsWithData++;
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- entry

    /** Reads the CSV and the recordings, writes the Markdown to {@code out}; returns the analysis. */
    public static Analysis run(Path csv, Path jfrDir, Path out, Long size, List<String> operations, PrintStream log)
            throws IOException {
        return run(csv, null, jfrDir, out, size, operations, log);
    }

    /** As {@link #run(Path, Path, Path, Long, List, PrintStream)}, for one configuration's rows ({@code config} null: all). */
    public static Analysis run(Path csv, String config, Path jfrDir, Path out, Long size, List<String> operations,
                               PrintStream log) throws IOException {
        List<CsvRow> rows = Csv.read(csv).stream().filter(r -> config == null || config.equals(r.config())).toList();
        Selection selected = select(rows, size, operations);
        List<Scan> scans = new ArrayList<>();
        for (Path f : recordings(jfrDir)) {
            scans.add(scan(f, selected.windows(), log));
        }
        List<Jvm> jvms = join(scans);
        int cpus = jvms.stream().map(j -> j.hwThreads).filter(n -> n != null && n > 0).findFirst()
                .orElse(Runtime.getRuntime().availableProcessors());
        analyse(selected.sections(), jvms, cpus);
        Analysis a = new Analysis(csv, jfrDir, selected.size(), selected.operations(), selected.missing(),
                selected.sections(), jvms, cpus);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, markdown(a), StandardCharsets.UTF_8);
        log.printf(Locale.ROOT, "profile: %d window(s) of %s, %d recording file(s) of %d JVM(s) (%s); %s%n",
                selected.windows().size(),
                Sizes.human(a.size()), scans.size(), jvms.size(), components(jvms), out);
        return a;
    }

    private static String components(List<Jvm> jvms) {
        Map<String, Integer> n = new TreeMap<>(COMPONENTS);
        jvms.forEach(j -> n.merge(j.component, 1, Integer::sum));
        return n.entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : ""))
                .collect(Collectors.joining(", "));
    }

    // -------------------------------------------------------------------------------------------- profile.md

    static String markdown(Analysis a) {
        StringBuilder md = new StringBuilder("# Where the time goes: JFR profile of the transfers\n\n");
        md.append(String.format(Locale.ROOT,
                "Measurements `%s`, %s, %s. Recordings in `%s`: %d JVM%s (%s); %d CPUs.%n%n",
                a.csv(), Sizes.human(a.size()), String.join(", ", a.operations()), a.jfrDir(), a.jvms().size(),
                a.jvms().size() == 1 ? "" : "s", components(a.jvms()), a.cpus()));
        if (!a.missing().isEmpty()) {
            md.append("Not in the CSV at ").append(Sizes.human(a.size())).append(": ")
                    .append(String.join(", ", a.missing())).append(".\n\n");
        }
        md.append("Each measurement's window is `date - seconds` to `date`, summed over the runs. **CPU s**: the ")
                .append("JVM's user + system share of the machine (jdk.CPULoad) x the CPUs x the window; **share of ")
                .append("wall time** = CPU s / window s, so 1.00 is one core busy all the time. **samples**: ")
                .append("jdk.ExecutionSample (running Java code); **native/waiting**: jdk.NativeMethodSample (in ")
                .append("native code: mostly waiting on sockets and files). A hot method is a sample's top frame; its ")
                .append("package is the first frame outside the JDK (java, javax, jdk, sun, com.sun), or the top ")
                .append("frame's when the whole stack is the JDK's. Components with less than 1 % of the samples get ")
                .append("no detail.\n\n");
        Instant first = a.jvms().stream().map(j -> j.first).filter(t -> t != null).min(Comparator.naturalOrder())
                .orElse(null);
        Instant last = a.jvms().stream().map(j -> j.last).filter(t -> t != null).max(Comparator.naturalOrder())
                .orElse(null);
        String span = first == null ? "no events" : "events from " + at(first) + " to " + at(last);
        for (Section s : a.sections()) {
            section(md, s, span);
        }
        return md.toString();
    }

    private static void section(StringBuilder md, Section s, String span) {
        md.append("## ").append(s.key.op()).append(", ").append(Sizes.human(s.key.size()));
        if (s.key.config() != null && !s.key.config().isEmpty()) {
            md.append(" (").append(s.key.config()).append(')');
        }
        md.append("\n\n");
        md.append(String.format(Locale.ROOT, "%d run%s, %.2f s of windows", s.windows.size(),
                s.windows.size() == 1 ? "" : "s", s.seconds()));
        if (s.failed > 0) {
            md.append("; ").append(s.failed).append(" failed measurement").append(s.failed == 1 ? "" : "s")
                    .append(" left out");
        }
        md.append(".");
        if (s.runsWithData == 0) {
            md.append(s.windows.isEmpty() ? " No clean measurement to analyse.\n\n"
                    : " No JFR data in these windows: no recording has CPU load or samples there (the recordings "
                    + "have " + span + "; --jfr must be this run's folder).\n\n");
            return;
        }
        if (s.runsWithData < s.windows.size()) {
            md.append(" JFR data in ").append(s.runsWithData).append(" of them only.");
        }
        Double sat = s.saturation();
        if (sat != null) {
            md.append(String.format(Locale.ROOT, " The machine was %.0f %% busy (mean jdk.CPULoad machineTotal).",
                    sat * 100));
        }
        md.append("\n\n");
        int total = s.samples();
        md.append("| component | CPU s | share of wall time | samples | native/waiting |\n|---|---:|---:|---:|---:|\n");
        List<String> quiet = new ArrayList<>();
        for (Map.Entry<String, Usage> e : s.components.entrySet()) {
            Usage u = e.getValue();
            double sampleShare = total == 0 ? 0 : u.tally.samples / (double) total;
            if (sampleShare < SHOWN && u.share() < SHOWN) {
                quiet.add(e.getKey());
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d (%.0f %%) | %d |%n", e.getKey(),
                    u.hasCpu() ? String.format(Locale.ROOT, "%.2f", u.cpuSeconds) : "—",
                    u.hasCpu() ? String.format(Locale.ROOT, "%.2f", u.share()) : "—",
                    u.tally.samples, sampleShare * 100, u.tally.natives));
        }
        md.append('\n');
        if (!quiet.isEmpty()) {
            md.append("Below 1 % of the samples and of a core: ").append(String.join(", ", quiet)).append(".\n\n");
        }
        if (total == 0) {
            md.append("No execution samples in these windows.\n\n");
            return;
        }
        if (total < FEW_SAMPLES) {
            md.append("Only ").append(total).append(" samples: the shares below are rough (JFR samples each thread ")
                    .append("every 10 ms at most, far fewer on a busy machine).\n\n");
        }
        for (Map.Entry<String, Usage> e : s.components.entrySet()) {
            Tally t = e.getValue().tally;
            if (t.samples / (double) total < SHOWN) {
                continue;
            }
            md.append("### ").append(s.key.op()).append(": ").append(e.getKey()).append("\n\n");
            md.append("| hot method (top frame) | samples |\n|---|---:|\n");
            top(t.methods, TOP_METHODS).forEach(m -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n",
                    Report.escape(m.getKey()), 100.0 * m.getValue() / t.samples)));
            md.append("\n| package | samples |\n|---|---:|\n");
            top(t.packages, TOP_PACKAGES).forEach(p -> md.append(String.format(Locale.ROOT, "| `%s` | %.1f %% |%n",
                    Report.escape(p.getKey()), 100.0 * p.getValue() / t.samples)));
            md.append('\n');
            if (t.natives > 0) {
                md.append("Native/waiting, ").append(t.natives).append(" samples: ")
                        .append(top(t.nativeMethods, TOP_NATIVE).stream()
                                .map(m -> String.format(Locale.ROOT, "`%s` %.0f %%", Report.escape(m.getKey()),
                                        100.0 * m.getValue() / t.natives))
                                .collect(Collectors.joining(", ")))
                        .append(".\n\n");
            }
        }
    }

    /** The {@code n} largest counts, ties by name. */
    static List<Map.Entry<String, Integer>> top(Map<String, Integer> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(n).toList();
    }

    static String at(Instant t) {
        return t == null ? "—" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
