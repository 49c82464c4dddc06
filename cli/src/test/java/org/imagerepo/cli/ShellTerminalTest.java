package org.imagerepo.cli;

import org.imagerepo.client.CannedAnswers;
import org.imagerepo.client.CannedApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell on a real pseudo-terminal: util-linux's {@code script} gives the shell's JVM a terminal for stdin and
 * stdout, and the test types keystrokes into it as a person would (Tab, the up arrow, Ctrl-P, Enter). The gateway's
 * answers are canned ({@link CannedApi}): completion, history and the terminal are the shell's own.
 */
class ShellTerminalTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Terminal control sequences JLine writes around what it shows. */
    private static final Pattern CONTROL = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z~$]|\u001B\\[\\?[0-9;]*\\$p|\u001B[=>]|\r");

    private final CannedApi api = new CannedApi();
    private Path config;
    private final String id = "6f1c2e1a-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        config = tmp.resolve("config");
        CliTestSupport.signIn(api.url(), config, "alice");
        // another id, so that completing needs the prefix
        api.answer("GET", "/api/v1/images", 200, "{\"query\":\"imgId, name\",\"fields\":[\"imgId\",\"name\"],"
                + "\"count\":2,\"images\":[{\"imgId\":\"" + id + "\",\"name\":\"u22\"},"
                + "{\"imgId\":\"6f2d0000-0000-4000-8000-000000000002\",\"name\":\"centos\"}]}");
        String image = CannedAnswers.image("imgId", "\"" + id + "\"");
        api.answer("GET", "/api/v1/images/" + id, 200, image);
        api.answer("PATCH", "/api/v1/images/" + id, 200, CannedAnswers.with(image, "description", "\"typed\""));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void tabCompletesACommandAnImageIdAnOptionAndAFieldAndHistoryIsRecalledAndKept() throws Exception {
        try (Session s = new Session()) {
            s.await(out -> out.contains(ShellTerminal.PROMPT));
            s.type("sho\t");
            s.await(out -> out.endsWith(ShellTerminal.PROMPT + "show "));
            s.type(id.substring(0, 6) + "\t");
            s.await(out -> out.contains("show " + id));
            s.type("--fo\t"); // the id was completed with the space after it
            s.await(out -> out.contains("show " + id + " --format "));
            s.type("json\r");
            s.awaitPrompt(out -> count(out, "\"name\" : \"u22\"") == 1);

            s.type("\u001BOA"); // the up arrow (application cursor mode, as JLine sets the terminal)
            s.await(out -> out.lastIndexOf("show " + id + " --format json") > out.lastIndexOf("\"name\" : \"u22\""));
            s.type("\r");
            s.awaitPrompt(out -> count(out, "\"name\" : \"u22\"") == 2);

            s.type("modify " + id.substring(0, 6) + "\t" + "descr\t");
            s.await(out -> out.contains("modify " + id + " description="));
            s.type("typed\r");
            s.awaitPrompt(out -> api.last("PATCH") != null
                    && api.last("PATCH").bodyText().equals("{\"description\":\"typed\"}"));

            s.type("exit\r");
            assertEquals(0, s.exit());
        }
        String history = Files.readString(config.resolve("shell-history"));
        assertTrue(history.contains("show " + id + " --format json"), history);

        // A new session recalls the last one's commands.
        try (Session s = new Session()) {
            s.await(out -> out.contains(ShellTerminal.PROMPT));
            s.type("\u0010\u0010\u0010\r"); // Ctrl-P three times: past exit and modify, to the show
            s.awaitPrompt(out -> out.contains("\"name\" : \"u22\""));
            s.type("\u0004"); // Ctrl-D: typed before the prompt, the cooked terminal would take it as its own EOF
            assertEquals(0, s.exit());
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    /** {@code imagerepo shell} in its own JVM on a pseudo-terminal, its screen read as it is written. */
    private final class Session implements AutoCloseable {
        private final Process process;
        private final OutputStream keys;
        private final StringBuilder screen = new StringBuilder();
        private final Thread reader;

        Session() throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            String command = "stty cols 200 rows 50; exec " + java + " -cp '" + System.getProperty("java.class.path")
                    + "' -XX:TieredStopAtLevel=1 " + ImageRepoCli.class.getName() + " --url " + api.url() + " shell";
            ProcessBuilder pb = new ProcessBuilder("script", "-qfec", command, "/dev/null").redirectErrorStream(true);
            pb.environment().put("TERM", "xterm");
            pb.environment().put(ImageRepoCli.ENV_CONFIG_DIR, config.toString());
            process = pb.start();
            keys = process.getOutputStream();
            InputStream in = process.getInputStream();
            reader = new Thread(() -> {
                byte[] buf = new byte[4096];
                try {
                    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                        synchronized (screen) {
                            screen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "pty-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        /** Waits until what the terminal shows (control sequences removed) satisfies {@code condition}. */
        void await(Predicate<String> condition) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                String shown = shown();
                if (condition.test(shown)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the terminal did not show what was awaited within " + WAIT
                            + "; it shows:\n" + shown);
                }
                if (!process.isAlive() && !reader.isAlive()) {
                    throw new AssertionError("the shell ended (exit " + process.exitValue() + "); it showed:\n" + shown);
                }
                Thread.sleep(20); // polling the screen: there is no event to wait for
            }
        }

        /**
         * Waits for {@code condition} and then for the next prompt: JLine puts the terminal in raw mode before it
         * draws the prompt, so keys typed earlier meet the cooked terminal (which swallows Ctrl-D, for one).
         */
        void awaitPrompt(Predicate<String> condition) throws InterruptedException {
            await(out -> condition.test(out) && out.endsWith(ShellTerminal.PROMPT));
        }

        String shown() {
            synchronized (screen) {
                return CONTROL.matcher(screen).replaceAll("");
            }
        }

        int exit() throws InterruptedException {
            if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the shell did not end; it shows:\n" + shown());
            }
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }
}
