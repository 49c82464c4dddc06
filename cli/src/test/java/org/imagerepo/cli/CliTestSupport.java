package org.imagerepo.cli;

import org.imagerepo.client.AuthConfig;
import org.imagerepo.client.Credentials;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.OidcLogin;
import org.imagerepo.client.StubImageRepo;
import org.imagerepo.client.Tokens;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Runs the imagerepo command in-process and captures what it prints. */
final class CliTestSupport {

    record Result(int status, String out, String err) {
        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** A device flow that does not really wait between polls. */
    static final OidcLogin.Sleeper NO_WAIT = d -> { };

    private CliTestSupport() {
    }

    static Result run(Map<String, String> env, Path workDir, boolean terminal, String... args) {
        return run(env, workDir, terminal, "", null, NO_WAIT, args);
    }

    /**
     * @param stdin    what the command reads on stdin
     * @param prompter the "terminal" login asks on, or {@code null} for none
     * @param sleeper  how the device flow waits
     */
    static Result run(Map<String, String> env, Path workDir, boolean terminal, String stdin,
                      ImageRepoCli.Prompter prompter, OidcLogin.Sleeper sleeper, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        ImageRepoCli app = new ImageRepoCli(withConfigDir(env, workDir), terminal, workDir,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), prompter, sleeper);
        int status = ImageRepoCli.commandLine(app, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Result(status, out.toString(), err.toString());
    }

    /** Never the real ~/.config of whoever runs the tests: a folder under the test's own when none is given. */
    static Map<String, String> withConfigDir(Map<String, String> env, Path workDir) {
        if (env.containsKey(ImageRepoCli.ENV_CONFIG_DIR)) {
            return env;
        }
        Map<String, String> e = new HashMap<>(env);
        e.put(ImageRepoCli.ENV_CONFIG_DIR, workDir.resolve(".imagerepo-config").toString());
        return e;
    }

    /** Saves a sign-in of {@code user} to the stub in {@code configDir}, as login would; the access token. */
    static String signIn(StubImageRepo stub, Path configDir, String user) {
        StubImageRepo.Issued issued = stub.issue(user);
        save(configDir, stub.url(), stub, user, issued, Instant.now().plusSeconds(300));
        return issued.accessToken();
    }

    /** Saves tokens from the stub as a sign-in to {@code url}, the access token expiring at {@code accessExpires}. */
    static void save(Path configDir, String url, StubImageRepo stub, String user, StubImageRepo.Issued issued,
                     Instant accessExpires) {
        AuthConfig auth = new AuthConfig(stub.url() + StubImageRepo.REALM, StubImageRepo.CLIENT_ID,
                stub.url() + StubImageRepo.TOKEN_PATH, stub.url() + StubImageRepo.DEVICE_PATH);
        new CredentialsStore(configDir).save(Credentials.of(URI.create(url), auth, new Tokens(issued.accessToken(),
                accessExpires, issued.refreshToken(), Instant.now().plusSeconds(1800), user)));
    }
}
