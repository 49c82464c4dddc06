package org.imagerepo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.e2e.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The imagerepo command in-process against the real API of one stack (ADR 20): sign-in at the test Keycloak through
 * the gateway's auth route, put, get, copy, show, modify, remove, and shell scripts, as their unit tests once did
 * against a hand-written stub. What the command prints for a given answer stays in its unit tests.
 */
@ExtendWith(Stack.WithSecondStore.class)
class CliApiIT {

    private static final String UUID_LINE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n";
    private static final String SECOND_STORE = Stack.WithSecondStore.STORE;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    /** The environment of {@code user}'s commands: the stack's gateway, a token folder of their own. */
    private static Map<String, String> env(String user) {
        return Map.of(ImageRepoCli.ENV_URL, Stack.GATEWAY,
                ImageRepoCli.ENV_CONFIG_DIR, tmp.resolve("config-" + user).toString());
    }

    /** {@code imagerepo ARGS} as {@code user}, signed in with their demo password the first time. */
    private static Result as(String user, String... args) {
        if (!Files.exists(tmp.resolve("config-" + user).resolve("credentials.json"))) {
            Result login = CliTestSupport.run(env(user), tmp, false, Stack.password(user) + "\n", null,
                    CliTestSupport.NO_WAIT, "login", "-u", user, "--password-stdin");
            assertEquals(0, login.status(), login::toString);
        }
        return CliTestSupport.run(env(user), tmp, false, args);
    }

    private static Result shell(String user, String script, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "shell";
        System.arraycopy(args, 0, all, 1, args.length);
        as(user, "whoami");
        return CliTestSupport.run(env(user), tmp, false, script, null, CliTestSupport.NO_WAIT, all);
    }

    private static Path file(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(Files.createDirectories(tmp.resolve("src")).resolve(name), bytes);
    }

    private static String put(String user, String name, int size) throws IOException {
        Result put = as(user, "put", file(name, size).toString(), "--name", name + "-" + RUN);
        assertEquals(0, put.status(), put::toString);
        return put.out().strip();
    }

    private static JsonNode show(String user, String id) throws IOException {
        Result show = as(user, "show", id, "-o", "json");
        assertEquals(0, show.status(), show::toString);
        return JSON.readTree(show.out());
    }

    // ------------------------------------------------------------------------------------------------ sign-in

    @Test
    void loginAtTheRealmTheGatewayNamesSavesTheTokensAndEveryCommandSendsThem() {
        Map<String, String> env = new HashMap<>(env("frank"));
        Result wrong = CliTestSupport.run(env, tmp, false, "guess\n", null, CliTestSupport.NO_WAIT,
                "login", "-u", "frank", "--password-stdin");
        Result login = CliTestSupport.run(env, tmp, false, "frank-demo\n", null, CliTestSupport.NO_WAIT,
                "login", "-u", "frank", "--password-stdin");
        Result whoami = CliTestSupport.run(env, tmp, false, "whoami");
        Result logout = CliTestSupport.run(env, tmp, false, "logout");
        Result after = CliTestSupport.run(env, tmp, false, "list");

        assertEquals(1, wrong.status(), wrong::toString);
        assertEquals("imagerepo: Sign-in refused: invalid user credentials\n", wrong.err());
        assertEquals(0, login.status(), login::toString);
        assertEquals("Signed in as frank (user, activated) to " + Stack.GATEWAY + "\n", login.err());
        assertTrue(whoami.out().lines().anyMatch(l -> l.equals("username    frank")), whoami::toString);
        assertEquals(0, logout.status(), logout::toString);
        assertEquals("Signed out frank of " + Stack.GATEWAY + ".\n", logout.err());
        assertEquals("imagerepo: Not signed in: run imagerepo login\n", after.err());
    }

    // ------------------------------------------------------------------------------------------------ put, get

    @Test
    void putPrintsOnlyTheIdOfTheUploadedAvailableImage() throws IOException {
        Path f = file("ubuntu-" + RUN + ".qcow2", 300_000);

        Result r = as("alice", "put", f.toString(), "--os", "ubuntu", "--tag", "hadoop", "--tag", "mpi,gpu",
                "--vmtype", "kvm", "--disk-format", "qcow2", "--description", "a test image");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().matches(UUID_LINE), "stdout is exactly the id: " + r.out());
        assertEquals("", r.err(), "nothing on stderr when it is not a terminal");
        JsonNode img = show("alice", r.out().strip());
        assertEquals("ubuntu-" + RUN + ".qcow2", img.get("name").asText(), "name defaults to the file name");
        assertEquals("ubuntu", img.get("os").asText());
        assertEquals("kvm", img.get("vmType").asText());
        assertEquals("qcow2", img.get("diskFormat").asText());
        assertEquals("[\"hadoop\",\"mpi\",\"gpu\"]", img.get("tag").toString());
        assertEquals("available", img.get("imgStatus").asText(), "put waited until available");
        assertEquals(300_000, img.get("size").asLong());
    }

    @Test
    void putWithProgressDrawsABarOnStderrAndStillPrintsOnlyTheId() throws IOException {
        Result r = as("alice", "put", file("progress.img", 200_000).toString(), "--progress");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().matches(UUID_LINE), r.out());
        assertTrue(r.err().contains("100%"), r.err());
        assertTrue(r.err().contains("195.3 KiB / 195.3 KiB"), r.err());
        assertTrue(r.err().startsWith("\r"), "the bar redraws in place");
    }

    @Test
    void putParsesTheOriginalAttributeStringAndLetsOptionsWin() throws IOException {
        Result r = as("alice", "put", file("c7.img", 1000).toString(), "-a",
                "os=centos&vmtype=kvm&tag=t1,t2&imgType=openstack&name=c7-" + RUN, "--imgtype", "nimbus");

        assertEquals(0, r.status(), r::toString);
        JsonNode img = show("alice", r.out().strip());
        assertEquals("centos", img.get("os").asText());
        assertEquals("kvm", img.get("vmType").asText());
        assertEquals("[\"t1\",\"t2\"]", img.get("tag").toString());
        assertEquals("c7-" + RUN, img.get("name").asText());
        assertEquals("nimbus", img.get("imgType").asText(), "--imgtype wins over -a");
    }

    @Test
    void getWritesTheVerifiedBytesByIdOrByUriAndNeedsExactlyOneOfThem() throws IOException {
        String id = put("alice", "got.img", 1_000_000);
        String uri = show("alice", id).get("imgURI").asText();
        Path target = tmp.resolve("copy-" + RUN + ".img");
        Path byUri = tmp.resolve("by-uri-" + RUN + ".img");

        Result r = as("alice", "get", id, "-o", target.toString());
        Result fromUri = as("alice", "get", "--uri", uri, "-o", byUri.toString());

        assertEquals(0, r.status(), r::toString);
        assertEquals(target + "\n", r.out());
        assertArrayEquals(Files.readAllBytes(tmp.resolve("src/got.img")), Files.readAllBytes(target));
        assertEquals(0, fromUri.status(), fromUri::toString);
        assertArrayEquals(Files.readAllBytes(target), Files.readAllBytes(byUri));
        assertEquals(2, as("alice", "get", id, "--uri", uri).status());
        assertEquals(2, as("alice", "get").status());
        Result missing = as("alice", "get", "--uri", "fs:///zz/none-" + RUN, "-o", tmp.resolve("none.img").toString());
        assertEquals(1, missing.status(), missing::toString);
        assertTrue(missing.err().contains("fs:///zz/none-" + RUN), missing.err());
    }

    @Test
    void getWithoutOutputNamesTheFileAfterTheImageAndRefusesToOverwriteIt() throws IOException {
        String id = put("alice", "named.qcow2", 1000);
        Path workDir = tmp.resolve("src");

        Result first = CliTestSupport.run(env("alice"), workDir, false, "get", id);
        Result second = CliTestSupport.run(env("alice"), workDir, false, "get", id);

        Path written = workDir.resolve("named.qcow2-" + RUN);
        assertEquals(0, first.status(), first::toString);
        assertEquals(written + "\n", first.out());
        assertArrayEquals(Files.readAllBytes(workDir.resolve("named.qcow2")), Files.readAllBytes(written));
        assertEquals(1, second.status(), second::toString);
        assertTrue(second.err().contains("already exists"), second.err());
        assertEquals(0, CliTestSupport.run(env("alice"), workDir, false, "get", id, "--force").status());
    }

    @Test
    void copyPrintsTheNewLocationAndGetFromThatStoreFetchesTheCopy() throws IOException {
        String id = put("alice", "copied.img", 10_000);

        Result copy = as("alice", "copy", id, "--to", SECOND_STORE);
        Path fromFs = tmp.resolve("from-fs-" + RUN + ".img");
        Result get = as("alice", "get", id, "--from", SECOND_STORE, "-o", fromFs.toString());
        Result unknown = as("alice", "copy", id, "--to", "tape");

        assertEquals(0, copy.status(), copy::toString);
        assertTrue(copy.out().startsWith(SECOND_STORE + ":"), copy.out());
        assertEquals(List.of(show("alice", id).get("locations").get(1).asText()), List.of(copy.out().strip()));
        assertEquals(0, get.status(), get::toString);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("src/copied.img")), Files.readAllBytes(fromFs));
        assertEquals(1, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("tape"), unknown.err());
        assertEquals("", unknown.out());
    }

    // ------------------------------------------------------------------------------------------------ modify, remove

    @Test
    void modifyChangesWhatItIsToldAndARefusalPrintsTheRepositorysDetail() throws IOException {
        String id = put("alice", "modified.img", 10);

        Result r = as("alice", "modify", id, "os=centos", "tag=a,b", "vmtype=kvm", "Description=two words");
        Result readOnly = as("alice", "modify", id, "owner=mallory");
        Result notFound = as("alice", "show", "nope-" + RUN);

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.equals("os            centos")), r.out());
        JsonNode img = show("alice", id);
        assertEquals("[\"a\",\"b\"]", img.get("tag").toString());
        assertEquals("two words", img.get("description").asText());
        assertEquals(1, readOnly.status(), readOnly::toString);
        assertTrue(readOnly.err().startsWith("imagerepo: ") && readOnly.err().contains("owner"), readOnly.err());
        assertEquals(1, notFound.status(), notFound::toString);
        assertTrue(notFound.err().startsWith("imagerepo: ") && notFound.err().contains("nope-" + RUN), notFound.err());
        assertEquals("", notFound.out());
    }

    @Test
    void removeDeletesTheImage() throws IOException {
        String id = put("alice", "removed.img", 10);

        Result r = as("alice", "remove", id);

        assertEquals(0, r.status(), r::toString);
        assertEquals("removed " + id + "\n", r.out());
        assertEquals(1, as("alice", "show", id).status());
    }

    // ------------------------------------------------------------------------------------------------ shell

    @Test
    void aPipedScriptStopsAtTheFirstFailingCommandWithItsStatusAndMessage() throws IOException {
        Path disk = file("script.img", 100);
        Result r = shell("bob", "# set up an image\nput " + disk + " --name first-" + RUN + "\n"
                + "modify no-such-image os=ubuntu\nput " + disk + " --name never-" + RUN + "\n");

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains("imagerepo: ") && r.err().contains("no-such-image"), r::toString);
        assertTrue(r.err().contains("stdin, line 3: stopped at `modify no-such-image os=ubuntu` (exit 1)"),
                r::toString);
        Result listed = as("bob", "query", "name where name=-" + RUN + "$");
        assertTrue(listed.out().contains("first-" + RUN), listed::toString);
        assertFalse(listed.out().contains("never-" + RUN), "the line after the failure did not run: " + listed);
    }

    @Test
    void aUsageErrorStopsTheScriptWithStatus2AndAScriptRunsFromAFileToo() throws IOException {
        Files.writeString(tmp.resolve("steps.txt"), "list\nput --no-such-option x\nlist\n");

        Result r = shell("bob", "", "steps.txt");
        Result ok = shell("bob", "list\n\n   # a comment\nwhoami\n");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r::toString);
        assertTrue(r.err().contains("steps.txt, line 2: stopped at"), r::toString);
        assertEquals(0, ok.status(), ok::toString);
        assertTrue(ok.out().contains("bob"), ok::toString);
    }

    @Test
    void thePapersCommandNamesWorkWithOrWithoutThePrefixAndVariablesHoldWhatACommandPrinted() throws IOException {
        Path disk = file("paper.img", 15);
        Path copy = tmp.resolve("paper-copy-" + RUN + ".img");

        Result r = shell("ada", "let id = put " + disk + " --name u22-" + RUN + " --os ubuntu\n"
                + "imagerepo modify $id description='made in the shell'\n"
                + "setpermission ${id} public\n"
                + "echo kept \"$id\"\n"
                + "list\nhistimg\nhistuser\nuser list\n"
                + "get $id -o " + copy + "\n"
                + "remove $id\n");
        Result unset = shell("ada", "echo $nothing\n");

        assertEquals(0, r.status(), r::toString);
        String id = r.out().lines().filter(l -> l.startsWith("kept ")).findFirst().orElseThrow().substring(5);
        assertTrue(r.out().contains(id + "\n"), "put printed the id: " + r);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ada ")), "histuser and user list: " + r);
        assertArrayEquals(Files.readAllBytes(disk), Files.readAllBytes(copy));
        assertEquals(1, as("ada", "show", id).status(), "removed");
        assertEquals(2, unset.status());
        assertTrue(unset.err().contains("$nothing is not set"), unset::toString);
    }
}
