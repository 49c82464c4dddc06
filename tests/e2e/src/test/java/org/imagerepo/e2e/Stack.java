package org.imagerepo.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole stack as an operator starts it ({@code bin/stack up}), on ports and in a state folder of
 * its own so that it never meets a developer's stack or bin/test's servers, and the CLI as a user runs it.
 */
final class Stack {

    static final Path ROOT = findRoot();
    static final Path STATE = ROOT.resolve("tests/e2e/target/stack");
    static final int GATEWAY_PORT = 18080;

    private Stack() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bin/stack"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (bin/stack) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Ports of the e2e stack alone: neither bin/test's servers (2xxxx) nor a developer's stack (defaults). */
    static Map<String, String> environment() {
        return Map.ofEntries(
                Map.entry("IMAGEREPO_STACK_DIR", STATE.toString()),
                Map.entry("IMAGEREPO_GATEWAY_PORT", Integer.toString(GATEWAY_PORT)),
                Map.entry("IMAGEREPO_CATALOG_PORT", "18081"),
                Map.entry("IMAGEREPO_BLOB_PORT", "18082"),
                Map.entry("IMAGEREPO_KAFKA_PORT", "19092"),
                Map.entry("IMAGEREPO_PG_PORT", "15432"),
                Map.entry("IMAGEREPO_MARIADB_PORT", "13306"),
                Map.entry("IMAGEREPO_MONGO_PORT", "17017"),
                Map.entry("IMAGEREPO_S3_PORT", "18090"),
                // Swift takes this port and the next four.
                Map.entry("IMAGEREPO_SWIFT_PORT", "18180"),
                Map.entry("IMAGEREPO_URL", "http://127.0.0.1:" + GATEWAY_PORT));
    }

    static Result stack(String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/stack").toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(10), "anonymous");
    }

    /** Runs {@code bin/imagerepo ARGS} as {@code user}. */
    static Result cli(String user, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/imagerepo").toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(10), user);
    }

    static Process startCli(String user, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/imagerepo").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment());
        builder.environment().put("IMAGEREPO_USER", user);
        return builder.start();
    }

    private static Result run(List<String> command, Duration timeout, String user) {
        try {
            Path out = Files.createTempFile("e2e-out", ".txt");
            Path err = Files.createTempFile("e2e-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment());
            builder.environment().put("IMAGEREPO_USER", user);
            long start = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + command);
            }
            Result result = new Result(process.exitValue(), Files.readString(out), Files.readString(err),
                    Duration.ofNanos(System.nanoTime() - start));
            Files.delete(out);
            Files.delete(err);
            return result;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The peak resident memory (VmHWM) of a stack component, in MiB, or -1 when it is not running. */
    static long peakResidentMiB(String component) {
        try {
            long pid = Long.parseLong(Files.readString(STATE.resolve("pids/" + component + ".pid")).trim());
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    record Result(int exit, String out, String err, Duration took) {

        Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }
}
