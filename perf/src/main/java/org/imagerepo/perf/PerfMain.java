package org.imagerepo.perf;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The storage-study harness of issue 7: {@code measure} one configuration against its baselines, {@code report}
 * the results, {@code profile} where the transfers' time went (JFR recordings). Exit codes: 0 done (failed
 * measurements are rows of the CSV, not errors), 1 could not run, 2 usage.
 */
public final class PerfMain {

    static final String USAGE = """
            usage: imagerepo-perf measure --label CONFIG --gateway URL --nginx URL --nginx-root DIR --work DIR --csv FILE [...]
                   imagerepo-perf report --csv FILE|DIR... --out DIR [--rss-limit SIZE]
                   imagerepo-perf profile --csv FILE --jfr DIR --out FILE [--config C] [--size SIZE] [--operations LIST]
                   imagerepo-perf (measure|report|profile) --help
            """;

    private PerfMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            (args.length == 0 ? err : out).print(USAGE + "\n" + Measure.USAGE + "\n" + Report.USAGE + "\n"
                    + Profile.USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        try {
            switch (command) {
                case "measure": {
                    Args a = Args.parse(rest, Measure.OPTIONS, Measure.FLAGS);
                    if (a.has("help")) {
                        out.print(Measure.USAGE);
                        return 0;
                    }
                    Measure.run(Measure.Options.from(a), err);
                    return 0;
                }
                case "report": {
                    Args a = Args.parse(rest, Report.OPTIONS, Report.FLAGS);
                    if (a.has("help")) {
                        out.print(Report.USAGE);
                        return 0;
                    }
                    List<String> csvs = a.all("csv");
                    if (csvs.isEmpty()) {
                        throw new IllegalArgumentException("--csv is required");
                    }
                    String limit = a.get("rss-limit", null);
                    Report.run(csvs.stream().map(Path::of).toList(), Path.of(a.require("out")),
                            limit == null ? null : Sizes.parse(limit), err);
                    return 0;
                }
                case "profile": {
                    Args a = Args.parse(rest, Profile.OPTIONS, Profile.FLAGS);
                    if (a.has("help")) {
                        out.print(Profile.USAGE);
                        return 0;
                    }
                    String size = a.get("size", null);
                    // --operations upload,download or --operations upload download
                    List<String> ops = a.all("operations").stream()
                            .flatMap(v -> Arrays.stream(v.split(","))).map(String::strip).filter(v -> !v.isEmpty())
                            .toList();
                    Profile.run(Path.of(a.require("csv")), a.get("config", null), Path.of(a.require("jfr")),
                            Path.of(a.require("out")),
                            size == null ? null : Sizes.parse(size), ops, err);
                    return 0;
                }
                default:
                    err.println("imagerepo-perf: unknown command '" + command + "'");
                    err.print(USAGE);
                    return 2;
            }
        } catch (IllegalArgumentException e) {
            err.println("imagerepo-perf " + command + ": " + e.getMessage());
            err.print(command.equals("measure") ? Measure.USAGE : command.equals("report") ? Report.USAGE
                    : command.equals("profile") ? Profile.USAGE : USAGE);
            return 2;
        } catch (Exception e) {
            err.println("imagerepo-perf " + command + ": " + Measure.describe(e));
            return 1;
        }
    }
}
