package org.imagerepo.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first program, taken from the README itself, compiled and run in its own JVM against the stub
 * gateway, signed in as {@code imagerepo login} would have left it: the example cannot drift from the API.
 */
class ReadmeProgramTest {

    private static final Pattern FIRST_PROGRAM = Pattern.compile("## A first program.*?```java\\n(.*?)```", Pattern.DOTALL);

    private StubImageRepo stub;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubImageRepo();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void theReadmesFirstProgramUploadsAndQueries() throws Exception {
        Matcher m = FIRST_PROGRAM.matcher(Files.readString(Path.of("README.md")));
        assertTrue(m.find(), "README.md has a section 'A first program' with a java block");
        Path source = Files.createDirectories(tmp.resolve("src")).resolve("FirstProgram.java");
        Files.writeString(source, m.group(1));
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        String classpath = System.getProperty("java.class.path");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = javac.run(null, diagnostics, diagnostics, "-cp", classpath, "-d", classes.toString(),
                source.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));

        // Signed in as `imagerepo login` leaves it: tokens saved in the config folder.
        Path config = tmp.resolve("config");
        URI gateway = URI.create(stub.url());
        OidcLogin oidc = OidcLogin.create();
        AuthConfig auth = oidc.discover(gateway);
        new CredentialsStore(config).save(Credentials.of(gateway, auth, oidc.password(auth, "alice",
                "alice-secret".toCharArray())));
        Path disk = Files.write(tmp.resolve("disk.img"), new byte[300_000]);

        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + classpath,
                "FirstProgram", stub.url(), disk.toString());
        pb.environment().put(CredentialsStore.ENV_CONFIG_DIR, config.toString());
        pb.redirectError(tmp.resolve("stderr.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the program ended");
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertEquals(0, p.exitValue(), out + err);

        String id = stub.images.values().stream().filter(i -> "ubuntu-22.04".equals(i.path("name").asText()))
                .findFirst().orElseThrow().get("imgId").asText();
        assertEquals(id + "  ubuntu-22.04  300000 bytes  available", out.strip());
        assertTrue(err.contains("300000 of 300000 bytes"), err);
    }
}
