package org.imagerepo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.client.StubImageRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** setpermission, share, unshare and the user commands, signed in as alice (an admin) unless said otherwise. */
class SharingAndUsersCliTest {

    private final ObjectMapper json = new ObjectMapper();
    private StubImageRepo stub;
    private Map<String, String> env;
    private Path config;
    private String id;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubImageRepo();
        config = tmp.resolve("config");
        env = Map.of(ImageRepoCli.ENV_URL, stub.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
        CliTestSupport.signIn(stub, config, "alice");
        id = stub.seed("u22", "ubuntu", List.of(), null).get("imgId").asText();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Result run(String... args) {
        return CliTestSupport.run(env, tmp, false, args);
    }

    private Result runAs(String user, String... args) {
        Path other = tmp.resolve("config-" + user);
        CliTestSupport.signIn(stub, other, user);
        return CliTestSupport.run(Map.of(ImageRepoCli.ENV_URL, stub.url(), ImageRepoCli.ENV_CONFIG_DIR,
                other.toString()), tmp, false, args);
    }

    private static String line(Result r, String field) {
        return r.out().lines().filter(l -> l.startsWith(field + " ")).findFirst()
                .map(l -> l.substring(field.length()).strip()).orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ sharing

    @Test
    void setpermissionPatchesThePermissionAndShowsTheImage() {
        Result r = run("setpermission", id, "PUBLIC");

        assertEquals(0, r.status(), r::toString);
        StubImageRepo.Recorded patch = stub.last("PATCH");
        assertEquals("/api/v1/images/" + id, patch.path());
        assertEquals("{\"permission\":\"public\"}", patch.bodyText());
        assertEquals("public", line(r, "permission"));
    }

    @Test
    void setpermissionTakesOnlyPrivateOrPublic() {
        Result r = run("setpermission", id, "friends");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: PERMISSION must be private or public, not 'friends'"), r.err());
        assertNull(stub.last("PATCH"));
    }

    @Test
    void shareSendsOneRequestPerUserAndGroupAndShowsTheImage() throws IOException {
        Result r = run("share", id, "--user", "bob", "--user", "carol,erin", "--group", "physics");

        assertEquals(0, r.status(), r::toString);
        String base = "PUT /api/v1/images/" + id + "/shares/";
        assertEquals(List.of(base + "users/bob", base + "users/carol", base + "users/erin", base + "groups/physics"),
                stub.requests.stream().map(q -> q.method() + " " + q.path()).toList());
        assertEquals("bob,carol,erin", line(r, "sharedUsers"));
        assertEquals("physics", line(r, "sharedGroups"));

        Result asJson = run("share", id, "--group", "hpc", "-o", "json");
        JsonNode img = json.readTree(asJson.out());
        assertEquals("[\"physics\",\"hpc\"]", img.get("sharedGroups").toString());
    }

    @Test
    void unshareSendsDeletesAndShowsTheImage() {
        run("share", id, "--user", "bob,carol", "--group", "physics");

        Result r = run("unshare", id, "--user", "carol", "--group", "physics");

        assertEquals(0, r.status(), r::toString);
        assertEquals(List.of("DELETE /api/v1/images/" + id + "/shares/users/carol",
                        "DELETE /api/v1/images/" + id + "/shares/groups/physics"),
                stub.requests.stream().filter(q -> q.method().equals("DELETE"))
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
        assertTrue(stub.requests.isEmpty());
    }

    @Test
    void sharingSomeoneElsesImageIsForbidden() {
        Result r = runAs("bob", "share", id, "--user", "bob");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: only the owner or an administrator may share image " + id + "\n", r.err());
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void userAddSendsTheGivenFieldsAndShowsTheUser() throws IOException {
        Result r = run("user", "add", "erin", "--quota", "500M", "--role", "user", "--status", "activated");

        assertEquals(0, r.status(), r::toString);
        StubImageRepo.Recorded post = stub.last("POST");
        assertEquals("/api/v1/users", post.path());
        assertEquals(json.readTree("{\"username\":\"erin\",\"role\":\"user\",\"status\":\"activated\","
                + "\"quota\":524288000}"), json.readTree(post.body()));
        assertEquals("erin", line(r, "username"));
        assertEquals("524288000 (500.0 MiB)", line(r, "quota"));

        Result bare = run("user", "add", "frank");
        assertEquals(0, bare.status(), bare::toString);
        assertEquals("{\"username\":\"frank\"}", stub.last("POST").bodyText(), "the rest is the repository's default");
    }

    @Test
    void userAddOfAnExistingUserReportsTheConflict() {
        Result r = run("user", "add", "bob");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: user bob exists already\n", r.err());
    }

    @Test
    void userListPrintsATableOrTheServersJson() throws IOException {
        Result table = run("user", "list");
        Result asJson = run("user", "list", "-o", "json");

        assertEquals(0, table.status(), table::toString);
        assertEquals("/api/v1/users", stub.last("GET").path());
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
        Result r = run("user", "show", "bob");

        assertEquals(0, r.status(), r::toString);
        assertEquals("/api/v1/users/bob", stub.last("GET").path());
        assertEquals("user", line(r, "role"));
    }

    @Test
    void setQuotaTakesBinarySuffixes() {
        Result r = run("user", "set-quota", "bob", "8G");

        assertEquals(0, r.status(), r::toString);
        StubImageRepo.Recorded patch = stub.last("PATCH");
        assertEquals("/api/v1/users/bob", patch.path());
        assertEquals("{\"quota\":8589934592}", patch.bodyText());
        assertEquals("8589934592 (8.0 GiB)", line(r, "quota"));
        assertEquals(0, run("user", "set-quota", "bob", "1048576").status());
        assertEquals("{\"quota\":1048576}", stub.last("PATCH").bodyText());
    }

    @Test
    void anAmbiguousOrMalformedSizeIsAUsageError() {
        Result gb = run("user", "set-quota", "bob", "8GB");
        Result junk = run("user", "set-quota", "bob", "lots");

        assertEquals(2, gb.status(), gb::toString);
        assertTrue(gb.err().contains("'8GB' is ambiguous: write 8G or 8GiB"), gb.err());
        assertEquals(2, junk.status(), junk::toString);
        assertTrue(junk.err().contains("'lots' is not a size"), junk.err());
        assertNull(stub.last("PATCH"));
    }

    @Test
    void setRoleAndSetStatusPatchTheUser() {
        Result role = run("user", "set-role", "bob", "admin");
        String roleBody = stub.last("PATCH").bodyText();
        Result status = run("user", "set-status", "carol", "Activated");
        String statusBody = stub.last("PATCH").bodyText();

        assertEquals(0, role.status(), role::toString);
        assertEquals("{\"role\":\"admin\"}", roleBody);
        assertEquals("admin", line(role, "role"));
        assertEquals(0, status.status(), status::toString);
        assertEquals("/api/v1/users/carol", stub.last("PATCH").path());
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
        assertTrue(stub.requests.isEmpty());
    }

    @Test
    void userRemoveDeletesTheUser() {
        Result r = run("user", "remove", "bob");

        assertEquals(0, r.status(), r::toString);
        assertEquals("/api/v1/users/bob", stub.last("DELETE").path());
        assertEquals("removed user bob\n", r.out());
        assertFalse(stub.users.containsKey("bob"));
    }

    @Test
    void theUserCommandsAreForAdmins() {
        Result r = runAs("bob", "user", "list");

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
        Result r = CliTestSupport.run(Map.of(ImageRepoCli.ENV_URL, "http://127.0.0.1:1",
                ImageRepoCli.ENV_CONFIG_DIR, config.toString()), tmp, false, "user", "show", "bob", "--url", stub.url());

        assertEquals(0, r.status(), r::toString);
    }
}
