package org.imagerepo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.client.CannedAnswers;
import org.imagerepo.client.Credentials;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.OidcLogin;
import org.imagerepo.client.StubKeycloak;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** login, logout, whoami, and how every other command uses (and renews) the saved tokens. */
class SignInCliTest {

    private final ObjectMapper json = new ObjectMapper();
    private StubKeycloak stub;
    private Map<String, String> env;
    private Path config;
    private CredentialsStore store;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubKeycloak();
        config = tmp.resolve("config");
        store = new CredentialsStore(config);
        env = Map.of(ImageRepoCli.ENV_URL, stub.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Result run(String... args) {
        return CliTestSupport.run(env, tmp, false, args);
    }

    private Result runWithStdin(String stdin, String... args) {
        return CliTestSupport.run(env, tmp, false, stdin, null, CliTestSupport.NO_WAIT, args);
    }

    /** The gateway's answer to GET /api/v1/users/me: {@code user}'s record. */
    private void me(String user, String role, String status) {
        stub.api.answer("GET", "/api/v1/users/me", 200, CannedAnswers.with(CannedAnswers.with(CannedAnswers.with(
                CannedAnswers.with(CannedAnswers.USER, "username", "\"" + user + "\""), "role", "\"" + role + "\""),
                "status", "\"" + status + "\""), "quota", "8589934592"));
    }

    private void noImages() {
        stub.api.answer("GET", "/api/v1/images", 200, "{\"query\":\"*\",\"fields\":[],\"count\":0,\"images\":[]}");
    }

    private Credentials saved() {
        return store.load().orElseThrow(() -> new AssertionError("no credentials saved"));
    }

    // ------------------------------------------------------------------------------------------------ login

    @Test
    void loginWithThePasswordOnStdinSavesTheTokensInAFileOnlyTheUserCanRead() throws IOException {
        me("alice", "admin", "activated");
        noImages();
        Result r = runWithStdin("alice-secret\n", "login", "--username", "alice", "--password-stdin");

        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out(), "stdout stays free for scripts");
        assertEquals("Signed in as alice (admin, activated) to " + stub.url() + "\n", r.err());
        assertEquals(Map.of("grant_type", "password", "client_id", "imagerepo-cli", "username", "alice",
                "password", "alice-secret", "scope", "openid"), stub.tokenRequests("password").get(0));
        Path file = config.resolve("credentials.json");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        Credentials c = saved();
        assertEquals(stub.url(), c.url());
        assertEquals(stub.url() + StubKeycloak.REALM, c.issuer());
        assertEquals("imagerepo-cli", c.clientId());
        assertEquals("alice", stub.userOf(c.accessToken()));
        assertTrue(c.refreshToken().startsWith("refresh-alice-"), c.refreshToken());
        assertTrue(c.accessTokenExpiresAt().isAfter(Instant.now().plusSeconds(250)));
        assertTrue(c.refreshTokenExpiresAt().isAfter(Instant.now().plusSeconds(1700)));

        Result list = run("list");
        assertEquals(0, list.status(), list::toString);
        assertEquals("Bearer " + c.accessToken(), stub.last("GET").header("Authorization"));
    }

    @Test
    void passwordStdinTakesOnlyTheFirstLineWithoutItsLineEnding() {
        me("bob", "user", "activated");
        stub.passwords.put("bob", "p&ss w=rd");

        Result r = runWithStdin("p&ss w=rd\r\nsecond line\n", "login", "-u", "bob", "--password-stdin");

        assertEquals(0, r.status(), r::toString);
        assertEquals("bob", stub.userOf(saved().accessToken()));
    }

    @Test
    void aWrongPasswordIsRefusedClearlyAndNothingIsSaved() {
        Result r = runWithStdin("guess\n", "login", "--username", "alice", "--password-stdin");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: Sign-in refused: invalid user credentials\n", r.err());
        assertFalse(Files.exists(config.resolve("credentials.json")));
    }

    @Test
    void withoutOptionsLoginAsksOnTheTerminalWithoutEchoingThePassword() {
        me("bob", "user", "activated");
        List<String> prompts = new ArrayList<>();
        ImageRepoCli.Prompter terminal = new ImageRepoCli.Prompter() {
            @Override
            public String readLine(String prompt) {
                prompts.add("line:" + prompt);
                return "bob";
            }

            @Override
            public char[] readPassword(String prompt) {
                prompts.add("password:" + prompt);
                return "bob-secret".toCharArray();
            }
        };

        Result r = CliTestSupport.run(env, tmp, false, "", terminal, CliTestSupport.NO_WAIT, "login");

        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("line:Username: ", "password:Password for bob: "), prompts);
        assertEquals("Signed in as bob (user, activated) to " + stub.url() + "\n", r.err());
    }

    @Test
    void withoutATerminalLoginNeedsPasswordStdinOrDevice() {
        Result noUser = run("login");
        Result noPassword = run("login", "--username", "alice");

        assertEquals(2, noUser.status(), noUser::toString);
        assertTrue(noUser.err().startsWith("imagerepo: no terminal to ask for your user name on: give --username"),
                noUser.err());
        assertEquals(2, noPassword.status(), noPassword::toString);
        assertTrue(noPassword.err().startsWith("imagerepo: no terminal to ask for the password on: use "
                + "--password-stdin (or --device)"), noPassword.err());
        assertTrue(stub.requestsTo(StubKeycloak.TOKEN_PATH).isEmpty(), "no sign-in attempted");
    }

    @Test
    void aPendingUserIsSignedInAndToldWhyTheyCannotDoAnythingYet() {
        me("carol", "user", "pending");
        Result r = runWithStdin("carol-secret\n", "login", "--username", "carol", "--password-stdin");

        assertEquals(0, r.status(), r::toString);
        assertEquals("Signed in as carol (user, pending) to " + stub.url() + "\n"
                + "Your account is pending: an administrator must activate it before you can use the repository.\n",
                r.err());
    }

    @Test
    void loginToAnUnreachableRepositoryFailsBeforeAskingForAnything() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        Result r = runWithStdin("alice-secret\n", "login", "-u", "alice", "--password-stdin",
                "--url", "http://127.0.0.1:" + port);

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: cannot reach imagerepo at http://127.0.0.1:" + port
                + ": is the stack running? (bin/stack up)\n", r.err());
    }

    @Test
    void loginToAnotherRepositoryReplacesTheSignIn() {
        me("bob", "user", "activated");
        CliTestSupport.save(config, "http://127.0.0.1:1", stub, "alice", stub.issue("alice"),
                Instant.now().plusSeconds(300));

        Result r = runWithStdin("bob-secret\n", "login", "-u", "bob", "--password-stdin");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.err().endsWith("The sign-in to http://127.0.0.1:1 was replaced.\n"), r.err());
        assertEquals(stub.url(), saved().url());
    }

    // ------------------------------------------------------------------------------------------------ device

    @Test
    void theDeviceFlowPrintsThePageAndTheCodeThenPollsUntilConfirmed() {
        me("alice", "admin", "activated");
        stub.deviceAnswers.add("authorization_pending");
        stub.deviceAnswers.add("slow_down");
        List<Duration> waits = Collections.synchronizedList(new ArrayList<>());
        OidcLogin.Sleeper recording = waits::add;

        Result r = CliTestSupport.run(env, tmp, false, "", null, recording, "login", "--device");

        assertEquals(0, r.status(), r::toString);
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals("To sign in, open this page in a browser (on any machine):", lines.get(0));
        assertEquals("  " + stub.url() + StubKeycloak.REALM + "/device?user_code=" + StubKeycloak.USER_CODE,
                lines.get(1));
        assertTrue(lines.get(2).startsWith("and check that it shows the code " + StubKeycloak.USER_CODE), lines.get(2));
        assertEquals("Signed in as alice (admin, activated) to " + stub.url(), lines.get(3));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(6)), waits,
                "pending keeps the interval, slow_down adds 5 s");
        assertEquals(3, stub.tokenRequests(OidcLogin.DEVICE_CODE_GRANT).size());
        assertEquals("alice", stub.userOf(saved().accessToken()));
    }

    @Test
    void aDeviceSignInDeniedInTheBrowserFails() {
        stub.deviceAnswers.add("access_denied");

        Result r = run("login", "--device");

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().endsWith("imagerepo: Sign-in refused: the request was denied in the browser\n"), r.err());
        assertFalse(Files.exists(store.file()));
    }

    @Test
    void deviceTakesNoUserNameNorPassword() {
        Result r = run("login", "--device", "--username", "alice");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: --device signs in in the browser"), r.err());
        assertTrue(stub.requests().isEmpty());
    }

    // ------------------------------------------------------------------------------------------------ tokens

    @Test
    void anExpiredAccessTokenIsRefreshedOnceAndTheFileRewritten() throws IOException {
        me("alice", "admin", "activated");
        noImages();
        StubKeycloak.Issued old = stub.issue("alice");
        CliTestSupport.save(config, stub.url(), stub, "alice", old, Instant.now().minusSeconds(5));

        Result first = run("list");
        Credentials renewed = saved();
        Result second = run("whoami");

        assertEquals(0, first.status(), first::toString);
        assertEquals(List.of(Map.of("grant_type", "refresh_token", "client_id", "imagerepo-cli",
                "refresh_token", old.refreshToken())), stub.tokenRequests("refresh_token"));
        assertNotEquals(old.accessToken(), renewed.accessToken());
        assertEquals("alice", stub.userOf(renewed.accessToken()));
        assertTrue(renewed.accessTokenExpiresAt().isAfter(Instant.now().plusSeconds(250)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals(0, second.status(), second::toString);
        assertEquals(1, stub.tokenRequests("refresh_token").size(), "the renewed token is used as it is");
        assertTrue(stub.requests().stream().filter(q -> q.path().startsWith("/api/v1/images")
                        || q.path().startsWith("/api/v1/users"))
                .allMatch(q -> ("Bearer " + renewed.accessToken()).equals(q.header("Authorization"))));
    }

    @Test
    void aRefusedRefreshSaysToSignInAgain() {
        CliTestSupport.save(config, stub.url(), stub, "alice", stub.issue("alice"), Instant.now().minusSeconds(5));
        stub.refuseRefresh = true;

        Result r = run("list");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: Your session has expired: sign in again with: imagerepo login\n", r.err());
        assertTrue(stub.requestsTo("/api/v1/images").isEmpty(), "nothing sent with a stale token");
    }

    @Test
    void withoutASignInEveryCommandSaysToSignIn() {
        for (String[] args : List.of(new String[]{"list"}, new String[]{"show", "x"}, new String[]{"whoami"},
                new String[]{"user", "list"}, new String[]{"share", "x", "--user", "bob"})) {
            Result r = run(args);
            assertEquals(1, r.status(), r::toString);
            assertEquals("imagerepo: Not signed in: run imagerepo login\n", r.err());
        }
        assertTrue(stub.requests().isEmpty());
    }

    @Test
    void tokensOfAnotherRepositoryAreNotSent() {
        CliTestSupport.save(config, "http://127.0.0.1:1", stub, "alice", stub.issue("alice"),
                Instant.now().plusSeconds(300));

        Result r = run("list");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: Signed in to http://127.0.0.1:1, not to " + stub.url() + ": run imagerepo login to "
                + "sign in to " + stub.url() + " instead (tokens are kept for one repository only)\n", r.err());
        assertTrue(stub.requests().isEmpty());
    }

    @Test
    void aTokenTheGatewayRefusesPrintsItsDetailAndTheCure() {
        CliTestSupport.signIn(stub, config, "alice");
        // revoked on the server's side while the file still has time left
        stub.api.answer("GET", "/api/v1/images", 401, """
                {"type":"https://imagerepo.org/problems/unauthorized","title":"Unauthorized","status":401,
                 "detail":"the access token has expired"}""");

        Result r = run("list");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: the access token has expired (run: imagerepo login)\n", r.err());
    }

    @Test
    void aForbiddenAnswerPrintsItsDetailWithoutTheSignInHint() {
        CliTestSupport.signIn(stub, config, "carol");
        stub.api.answer("GET", "/api/v1/images", 403, """
                {"type":"https://imagerepo.org/problems/account-pending","title":"Forbidden","status":403,
                 "detail":"your account is pending: an administrator must activate it before you can use the \
                repository"}""");

        Result r = run("list");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: your account is pending: an administrator must activate it before you can use the "
                + "repository\n", r.err());
    }

    // ------------------------------------------------------------------------------------------------ logout, whoami

    @Test
    void logoutEndsTheSessionAndRemovesTheFile() {
        me("alice", "admin", "activated");
        Result login = runWithStdin("alice-secret\n", "login", "-u", "alice", "--password-stdin");
        String refresh = saved().refreshToken();

        Result logout = run("logout");
        Result again = run("logout");
        Result list = run("list");

        assertEquals(0, login.status(), login::toString);
        assertEquals(0, logout.status(), logout::toString);
        assertEquals("Signed out alice of " + stub.url() + ".\n", logout.err());
        assertFalse(Files.exists(store.file()));
        assertEquals(List.of(refresh), stub.revoked, "the refresh token was revoked at the provider");
        assertEquals(0, again.status(), again::toString);
        assertEquals("Not signed in.\n", again.err());
        assertEquals("imagerepo: Not signed in: run imagerepo login\n", list.err());
    }

    @Test
    void logoutForgetsTheTokensEvenWhenTheProviderCannotBeReached() {
        CliTestSupport.signIn(stub, config, "alice");
        stub.close();

        Result r = run("logout");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.err().startsWith("Signed out alice of " + stub.url() + " (the sign-in server did not confirm"),
                r.err());
        assertFalse(Files.exists(store.file()));
    }

    @Test
    void whoamiPrintsTheUsersRecordAsATableOrJson() throws IOException {
        me("alice", "admin", "activated");
        CliTestSupport.signIn(stub, config, "alice");

        Result table = run("whoami");
        Result asJson = run("whoami", "-o", "json");

        assertEquals(0, table.status(), table::toString);
        assertEquals("/api/v1/users/me", stub.last("GET").path());
        List<String> lines = table.out().lines().toList();
        assertEquals(List.of("username    alice", "role        admin", "status      activated",
                "quota       8589934592 (8.0 GiB)", "usedBytes   0 B", "imageCount  0",
                "createdAt   2026-11-30T09:00:00Z", "lastSignIn  -"), lines);
        assertEquals(0, asJson.status(), asJson::toString);
        JsonNode me = json.readTree(asJson.out());
        assertEquals("alice", me.get("username").asText());
        assertEquals(8589934592L, me.get("quota").asLong());
        assertTrue(me.get("lastSignIn").isNull());
    }

    @Test
    void aDeactivatedUserMayStillAskWhoTheyAre() {
        me("dave", "user", "deactivated");
        CliTestSupport.signIn(stub, config, "dave");

        Result r = run("whoami");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().contains("status      deactivated"), r.out());
    }
}
