package org.imagerepo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.client.CannedAnswers;
import org.imagerepo.client.CannedApi;
import org.imagerepo.client.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * setpermission, share, unshare and the user commands: what they send and print, against canned answers the public
 * API document allows (CannedApi). Who may do what is the services' to say, asked of them in ClientApiIT and CliApiIT.
 */
class SharingAndUsersCliTest {

    private final ObjectMapper json = new ObjectMapper();
    private final CannedApi api = new CannedApi();
    private Map<String, String> env;
    private Path config;
    private final String id = "img-1";

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        config = tmp.resolve("config");
        env = Map.of(ImageRepoCli.ENV_URL, api.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
        CliTestSupport.signIn(api.url(), config, "alice");
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private Result run(String... args) {
        return CliTestSupport.run(env, tmp, false, args);
    }

    private static String users(String... names) {
        return "[" + String.join(",", java.util.Arrays.stream(names).map(n -> "\"" + n + "\"").toList()) + "]";
    }

    /** A user's record as the API shows it. */
    private static String user(String name, String role, String status, long quota) {
        return CannedAnswers.with(CannedAnswers.with(CannedAnswers.with(CannedAnswers.user("username",
                "\"" + name + "\""), "role", "\"" + role + "\""), "status", "\"" + status + "\""), "quota",
                Long.toString(quota));
    }

    private static String line(Result r, String field) {
        return r.out().lines().filter(l -> l.startsWith(field + " ")).findFirst()
                .map(l -> l.substring(field.length()).strip()).orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ sharing

    @Test
    void setpermissionPatchesThePermissionAndShowsTheImage() {
        api.answer("PATCH", "/api/v1/images/img-1", 200, CannedAnswers.image("permission", "\"public\""));

        Result r = run("setpermission", id, "PUBLIC");

        assertEquals(0, r.status(), r::toString);
        LoopbackServer.Request patch = api.last("PATCH");
        assertEquals("/api/v1/images/" + id, patch.path());
        assertEquals("{\"permission\":\"public\"}", patch.bodyText());
        assertEquals("public", line(r, "permission"));
    }

    @Test
    void setpermissionTakesOnlyPrivateOrPublic() {
        Result r = run("setpermission", id, "friends");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: PERMISSION must be private or public, not 'friends'"), r.err());
        assertNull(api.last("PATCH"));
    }

    @Test
    void shareSendsOneRequestPerUserAndGroupAndShowsTheImage() throws IOException {
        String shared = CannedAnswers.with(CannedAnswers.image("sharedUsers", users("bob", "carol", "erin")),
                "sharedGroups", users("physics"));
        for (String path : List.of("users/bob", "users/carol", "users/erin", "groups/physics")) {
            api.answer("PUT", "/api/v1/images/img-1/shares/" + path, 200, shared);
        }
        api.answer("PUT", "/api/v1/images/img-1/shares/groups/hpc", 200,
                CannedAnswers.with(shared, "sharedGroups", users("physics", "hpc")));

        Result r = run("share", id, "--user", "bob", "--user", "carol,erin", "--group", "physics");

        assertEquals(0, r.status(), r::toString);
        String base = "PUT /api/v1/images/" + id + "/shares/";
        assertEquals(List.of(base + "users/bob", base + "users/carol", base + "users/erin", base + "groups/physics"),
                api.requests().stream().map(q -> q.method() + " " + q.path()).toList());
        assertEquals("bob,carol,erin", line(r, "sharedUsers"));
        assertEquals("physics", line(r, "sharedGroups"));

        Result asJson = run("share", id, "--group", "hpc", "-o", "json");
        JsonNode img = json.readTree(asJson.out());
        assertEquals("[\"physics\",\"hpc\"]", img.get("sharedGroups").toString());
    }

    @Test
    void unshareSendsDeletesAndShowsTheImage() {
        api.answer("DELETE", "/api/v1/images/img-1/shares/users/carol", 200,
                CannedAnswers.with(CannedAnswers.image("sharedUsers", users("bob")), "sharedGroups", users("physics")));
        api.answer("DELETE", "/api/v1/images/img-1/shares/groups/physics", 200,
                CannedAnswers.image("sharedUsers", users("bob")));

        Result r = run("unshare", id, "--user", "carol", "--group", "physics");

        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("DELETE /api/v1/images/" + id + "/shares/users/carol",
                        "DELETE /api/v1/images/" + id + "/shares/groups/physics"),
                api.requests().stream().filter(q -> q.method().equals("DELETE"))
                        .map(q -> q.method() + " " + q.path()).toList());
        assertEquals("bob", line(r, "sharedUsers"));
        assertEquals("-", line(r, "sharedGroups"));
    }

    @Test
    void shareWithNobodyIsAUsageError() {
        Result share = run("share", id);
        Result unshare = run("unshare", id, "--user", " ");

        assertEquals(2, share.status(), share::toString);
        assertTrue(share.err().startsWith("imagerepo: name at least one --user or --group"), share.err());
        assertEquals(2, unshare.status(), unshare::toString);
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void aRefusalPrintsTheRepositorysDetail() {
        api.answer("PUT", "/api/v1/images/img-1/shares/users/bob", 403, """
                {"type":"https://imagerepo.org/problems/forbidden","title":"Forbidden","status":403,
                 "detail":"only the owner or an administrator may share image img-1"}""");

        Result r = run("share", id, "--user", "bob");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: only the owner or an administrator may share image " + id + "\n", r.err());
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void userAddSendsTheGivenFieldsAndShowsTheUser() throws IOException {
        api.answer("POST", "/api/v1/users", 201, CannedAnswers.USER);

        Result r = run("user", "add", "erin", "--quota", "500M", "--role", "user", "--status", "activated");

        assertEquals(0, r.status(), r::toString);
        LoopbackServer.Request post = api.last("POST");
        assertEquals("/api/v1/users", post.path());
        assertEquals(json.readTree("{\"username\":\"erin\",\"role\":\"user\",\"status\":\"activated\","
                + "\"quota\":524288000}"), json.readTree(post.body()));
        assertEquals("erin", line(r, "username"));
        assertEquals("524288000 (500.0 MiB)", line(r, "quota"));

        Result bare = run("user", "add", "frank");
        assertEquals(0, bare.status(), bare::toString);
        assertEquals("{\"username\":\"frank\"}", api.last("POST").bodyText(), "the rest is the repository's default");
    }

    @Test
    void userAddOfAnExistingUserReportsTheConflict() {
        api.answer("POST", "/api/v1/users", 409, """
                {"type":"https://imagerepo.org/problems/user-exists","title":"Conflict","status":409,
                 "detail":"user bob exists already"}""");

        Result r = run("user", "add", "bob");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: user bob exists already\n", r.err());
    }

    @Test
    void userListPrintsATableOrTheServersJson() throws IOException {
        api.answer("GET", "/api/v1/users", 200, "{\"count\":4,\"users\":[" + String.join(",",
                user("alice", "admin", "activated", 8L << 30), user("bob", "user", "activated", 8L << 30),
                user("carol", "user", "pending", 8L << 30), user("dave", "user", "deactivated", 8L << 30)) + "]}");

        Result table = run("user", "list");
        Result asJson = run("user", "list", "-o", "json");

        assertEquals(0, table.status(), table::toString);
        assertEquals("/api/v1/users", api.last("GET").path());
        List<String> lines = table.out().lines().toList();
        assertEquals(5, lines.size(), table.out());
        assertEquals(List.of("username", "role", "status", "quota", "usedBytes", "imageCount", "lastSignIn"),
                List.of(lines.get(0).split(" +")));
        assertEquals(List.of("alice", "admin", "activated", "8.0", "GiB", "0", "B", "0", "-"),
                List.of(lines.get(1).split(" +")));
        assertTrue(lines.get(3).startsWith("carol     user   pending  "), lines.get(3));
        JsonNode all = json.readTree(asJson.out());
        assertEquals(4, all.get("count").asInt());
        assertEquals("dave", all.get("users").get(3).get("username").asText());
    }

    @Test
    void userShowPrintsOneUser() {
        api.answer("GET", "/api/v1/users/bob", 200, user("bob", "user", "activated", 8L << 30));

        Result r = run("user", "show", "bob");

        assertEquals(0, r.status(), r::toString);
        assertEquals("/api/v1/users/bob", api.last("GET").path());
        assertEquals("user", line(r, "role"));
    }

    @Test
    void setQuotaTakesBinarySuffixes() {
        api.answer("PATCH", "/api/v1/users/bob", 200, user("bob", "user", "activated", 8L << 30));

        Result r = run("user", "set-quota", "bob", "8G");

        assertEquals(0, r.status(), r::toString);
        LoopbackServer.Request patch = api.last("PATCH");
        assertEquals("/api/v1/users/bob", patch.path());
        assertEquals("{\"quota\":8589934592}", patch.bodyText());
        assertEquals("8589934592 (8.0 GiB)", line(r, "quota"));
        assertEquals(0, run("user", "set-quota", "bob", "1048576").status());
        assertEquals("{\"quota\":1048576}", api.last("PATCH").bodyText());
    }

    @Test
    void anAmbiguousOrMalformedSizeIsAUsageError() {
        Result gb = run("user", "set-quota", "bob", "8GB");
        Result junk = run("user", "set-quota", "bob", "lots");

        assertEquals(2, gb.status(), gb::toString);
        assertTrue(gb.err().contains("'8GB' is ambiguous: write 8G or 8GiB"), gb.err());
        assertEquals(2, junk.status(), junk::toString);
        assertTrue(junk.err().contains("'lots' is not a size"), junk.err());
        assertNull(api.last("PATCH"));
    }

    @Test
    void setRoleAndSetStatusPatchTheUser() {
        api.answer("PATCH", "/api/v1/users/bob", 200, user("bob", "admin", "activated", 8L << 30));
        api.answer("PATCH", "/api/v1/users/carol", 200, user("carol", "user", "activated", 8L << 30));

        Result role = run("user", "set-role", "bob", "admin");
        String roleBody = api.last("PATCH").bodyText();
        Result status = run("user", "set-status", "carol", "Activated");
        String statusBody = api.last("PATCH").bodyText();

        assertEquals(0, role.status(), role::toString);
        assertEquals("{\"role\":\"admin\"}", roleBody);
        assertEquals("admin", line(role, "role"));
        assertEquals(0, status.status(), status::toString);
        assertEquals("/api/v1/users/carol", api.last("PATCH").path());
        assertEquals("{\"status\":\"activated\"}", statusBody);
        assertEquals("activated", line(status, "status"));
    }

    @Test
    void anUnknownRoleOrStatusIsAUsageError() {
        Result role = run("user", "set-role", "bob", "root");
        Result status = run("user", "set-status", "bob", "banned");

        assertEquals(2, role.status(), role::toString);
        assertTrue(role.err().contains("admin, user"), role.err());
        assertEquals(2, status.status(), status::toString);
        assertTrue(status.err().contains("pending, activated, deactivated"), status.err());
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void userRemoveDeletesTheUser() {
        api.answer("DELETE", "/api/v1/users/bob", 204, "");

        Result r = run("user", "remove", "bob");

        assertEquals(0, r.status(), r::toString);
        assertEquals("/api/v1/users/bob", api.last("DELETE").path());
        assertEquals("removed user bob\n", r.out());
    }

    @Test
    void theUserCommandsPrintARefusalsDetail() {
        api.answer("GET", "/api/v1/users", 403, """
                {"type":"https://imagerepo.org/problems/forbidden","title":"Forbidden","status":403,
                 "detail":"only an administrator may list or add users"}""");

        Result r = run("user", "list");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: only an administrator may list or add users\n", r.err());
    }

    @Test
    void userWithoutASubcommandIsAUsageErrorAndHelpListsThem() {
        Result none = run("user");
        Result help = run("user", "--help");

        assertEquals(2, none.status(), none::toString);
        assertTrue(none.err().startsWith("imagerepo: missing user command"), none.err());
        assertEquals(0, help.status(), help::toString);
        for (String sub : List.of("add", "remove", "list", "show", "set-quota", "set-role", "set-status")) {
            assertTrue(help.out().contains("\n  " + sub), sub + " in " + help.out());
        }
        assertTrue(help.out().contains("--url=URL"), "the global options reach the nested commands too");
    }

    @Test
    void globalOptionsWorkOnNestedCommands() {
        api.answer("GET", "/api/v1/users/bob", 200, user("bob", "user", "activated", 8L << 30));

        Result r = CliTestSupport.run(Map.of(ImageRepoCli.ENV_URL, "http://127.0.0.1:1",
                ImageRepoCli.ENV_CONFIG_DIR, config.toString()), tmp, false, "user", "show", "bob", "--url", api.url());

        assertEquals(0, r.status(), r::toString);
    }
}
