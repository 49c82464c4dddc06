package org.imagerepo.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

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
 * Public for the tests of the CLI's own package against the stack (CliApiIT).
 */
public final class Stack {

    public static final Path ROOT = findRoot();
    static final Path STATE = ROOT.resolve("tests/e2e/target/stack");
    static final int GATEWAY_PORT = 18080;
    public static final String GATEWAY = "http://127.0.0.1:" + GATEWAY_PORT;
    static final String KEYCLOAK_URL = envOr("IMAGEREPO_TEST_KEYCLOAK_URL", "http://127.0.0.1:28380");
    static final String REALM = KEYCLOAK_URL + "/realms/imagerepo";
    /** Where each user's CLI keeps its tokens. */
    static final Path USERS = ROOT.resolve("tests/e2e/target/users");
    /** Users whose CLI signed in during this run (tokens outlive a stack: Keycloak is bin/test's). */
    private static final java.util.Set<String> SIGNED_IN = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
                Map.entry("IMAGEREPO_ACCOUNTING_PORT", "18083"),
                Map.entry("IMAGEREPO_TRIGGER_PORT", "18084"),
                // bin/test's Keycloak (with its LDAP) serves every e2e stack: a stack of its own would cost a
                // minute per start. Tokens are checked to the second, so that an expired one is refused at once.
                Map.entry("IMAGEREPO_KEYCLOAK_URL", KEYCLOAK_URL),
                Map.entry("IMAGEREPO_GATEWAY_OIDC_CLOCK_SKEW", "0s"),
                Map.entry("IMAGEREPO_KAFKA_PORT", "19092"),
                Map.entry("IMAGEREPO_PG_PORT", "15432"),
                Map.entry("IMAGEREPO_MARIADB_PORT", "13306"),
                Map.entry("IMAGEREPO_MONGO_PORT", "17017"),
                Map.entry("IMAGEREPO_S3_PORT", "18090"),
                // Swift takes this port and the next four.
                Map.entry("IMAGEREPO_SWIFT_PORT", "18180"),
                Map.entry("IMAGEREPO_URL", GATEWAY));
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The demo directory's password of {@code user} (infra/ldap). */
    public static String password(String user) {
        return user + "-demo";
    }

    public static Result stack(String... args) {
        return stackWith(Map.of(), args);
    }

    /**
     * A fresh {@code bin/stack up --config s3+mongo} with {@code store} as a second image store: the stack of the tests
     * that move images between stores.
     */
    public static void upWithSecondStore(String store) {
        stack("down");
        Result up = stackWith(Map.of("IMAGEREPO_BLOB_EXTRA_STORES", store), "up", "--config", "s3+mongo").ok();
        System.out.printf("[e2e] bin/stack up (s3+mongo, extra store %s) took %d s%n", store, up.took().toSeconds());
    }

    /**
     * Around a test class: a fresh stack with a second image store, {@link #STORE}, before its tests; down after them.
     * For the classes that drive the client and the CLI against the real API (ADR 20).
     */
    public static final class WithSecondStore implements BeforeAllCallback, AfterAllCallback {

        /** The second store, beside the configuration's own (s3). */
        public static final String STORE = "fs";

        @Override
        public void beforeAll(ExtensionContext context) {
            upWithSecondStore(STORE);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            stack("down").ok();
        }
    }

    /** Any command (curl, say) from the repository's root, with the e2e stack's environment. */
    static Result command(List<String> command) {
        return run(command, Duration.ofMinutes(5), null, null, Map.of());
    }

    /** {@code bin/stack ARGS} with {@code env} added to the stack's environment (e.g. extra image stores). */
    public static Result stackWith(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/stack").toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(10), null, null, env);
    }

    /** {@code bin/kafka TOOL ARGS} (Kafka's own command-line tools) with {@code stdin} as its input. */
    static Result kafka(String stdin, String... args) {
        return kafkaWith(Map.of(), stdin, args);
    }

    /** As {@link #kafka}, for the stack whose environment {@code env} adds to the e2e stack's. */
    static Result kafkaWith(Map<String, String> env, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/kafka").toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(2), null, stdin, env);
    }

    /** The sum of the lag of consumer {@code group} over every partition it has an offset for, in Kafka {@code bootstrap}. */
    static long consumerLag(Map<String, String> env, String bootstrap, String group) {
        String described = kafkaWith(env, null, "consumer-groups", "--bootstrap-server", bootstrap,
                "--describe", "--group", group).ok().out();
        long lag = 0;
        for (String line : described.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 6 && columns[0].equals(group) && columns[5].matches("\\d+")) {
                lag += Long.parseLong(columns[5]);
            }
        }
        return lag;
    }

    /** The e2e stack's Kafka, as a client outside the stack reaches it. */
    static String kafkaBootstrap() {
        return "127.0.0.1:" + environment().get("IMAGEREPO_KAFKA_PORT");
    }

    /** Runs {@code bin/imagerepo ARGS} as the LDAP user {@code user}, signed in once with their password. */
    static Result cli(String user, String... args) {
        signIn(user);
        return cliAs(user, null, args);
    }

    /** Runs {@code bin/imagerepo ARGS} with no user signed in. */
    static Result anonymousCli(String... args) {
        return cliAs(null, null, args);
    }

    /** Runs {@code bin/imagerepo ARGS} as {@code user}, with {@code stdin} as its standard input. */
    static Result cliAs(String user, String stdin, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/imagerepo").toString()));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(10), user, stdin, Map.of());
    }

    /** {@code imagerepo login} for {@code user}, once per run. */
    static void signIn(String user) {
        if (!SIGNED_IN.contains(user)) {
            cliAs(user, password(user) + "\n", "login", "--username", user, "--password-stdin").ok();
            SIGNED_IN.add(user);
        }
    }

    /** Starts {@code bin/imagerepo ARGS} keeping its tokens in {@code configDir}; stdout and stderr are the caller's to read. */
    static Process startCliProcess(Path configDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/imagerepo").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment());
        builder.environment().put("IMAGEREPO_CONFIG_DIR", configDir.toString());
        return builder.start();
    }

    static Process startCli(String user, String... args) throws IOException {
        signIn(user);
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/imagerepo").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment());
        builder.environment().put("IMAGEREPO_CONFIG_DIR", USERS.resolve(user).toString());
        return builder.start();
    }

    private static Result run(List<String> command, Duration timeout, String user, String stdin, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("e2e-out", ".txt");
            Path err = Files.createTempFile("e2e-err", ".txt");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment());
            builder.environment().putAll(env);
            // A user's own token cache; none at all for an anonymous run.
            builder.environment().put("IMAGEREPO_CONFIG_DIR", USERS.resolve(user == null ? ".anonymous" : user).toString());
            if (stdin == null) {
                builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            }
            long start = System.nanoTime();
            Process process = builder.start();
            if (stdin != null) {
                try (java.io.OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
            }
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

    /** Where bin/stack keeps configuration {@code config}'s state: its servers' folders and its services'. */
    static Path configState(String config) {
        return STATE.resolve("configs").resolve(config);
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

    public record Result(int exit, String out, String err, Duration took) {

        public Result ok() {
            if (exit != 0) {
                throw new AssertionError("exit " + exit + "\nstdout: " + out + "\nstderr: " + err);
            }
            return this;
        }
    }
}
