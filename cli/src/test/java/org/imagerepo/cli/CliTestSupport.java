package org.imagerepo.cli;

import org.imagerepo.client.AuthConfig;
import org.imagerepo.client.Credentials;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.OidcLogin;
import org.imagerepo.client.StubKeycloak;
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

    /** Saves a sign-in of {@code user} to the realm stand-in in {@code configDir}, as login would; the access token. */
    static String signIn(StubKeycloak realm, Path configDir, String user) {
        StubKeycloak.Issued issued = realm.issue(user);
        save(configDir, realm.url(), realm, user, issued, Instant.now().plusSeconds(300));
        return issued.accessToken();
    }

    /** Saves the realm stand-in's tokens as a sign-in to {@code url}, the access token good until {@code accessExpires}.
     */
    static void save(Path configDir, String url, StubKeycloak realm, String user, StubKeycloak.Issued issued,
                     Instant accessExpires) {
        new CredentialsStore(configDir).save(Credentials.of(URI.create(url), realm.auth(), new Tokens(
                issued.accessToken(), accessExpires, issued.refreshToken(), Instant.now().plusSeconds(1800), user)));
    }

    /**
     * Saves a sign-in of {@code user} to a gateway whose answers are canned ({@code url}): a token the canned
     * gateway takes as it takes any, good for five minutes; the token.
     */
    static String signIn(String url, Path configDir, String user) {
        String token = "token-of-" + user;
        new CredentialsStore(configDir).save(Credentials.of(URI.create(url), new AuthConfig(url + "/realms/imagerepo",
                "imagerepo-cli", url + "/realms/imagerepo/token", null), new Tokens(token,
                Instant.now().plusSeconds(300), "refresh-of-" + user, Instant.now().plusSeconds(1800), user)));
        return token;
    }
}
