package org.imagerepo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.client.StubImageRepo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell fed by a pipe or a file, in-process against the stub gateway: scripts stop at the first failure with
 * its status and message, variables, the paper's command names, and a recorded session replayed onto an empty
 * repository ending in the same catalog.
 */
class ShellTest {

    private StubImageRepo stub;
    private Map<String, String> env;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubImageRepo();
        env = signedIn(stub, tmp.resolve("config"));
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private static Map<String, String> signedIn(StubImageRepo stub, Path config) {
        CliTestSupport.signIn(stub, config, "alice");
        return Map.of(ImageRepoCli.ENV_URL, stub.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
    }

    private Result shell(String stdin, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "shell";
        System.arraycopy(args, 0, all, 1, args.length);
        // Files by absolute path: the commands resolve them from the process's working directory, not the test's.
        String files = "let disk = echo " + tmp.resolve("disk.img") + "\nlet other = echo " + tmp.resolve("other.img")
                + "\nlet copy = echo " + tmp.resolve("copy.img") + "\n";
        return CliTestSupport.run(env, tmp, false, files + stdin, null, CliTestSupport.NO_WAIT, all);
    }

    @Test
    void aPipedScriptStopsAtTheFirstFailingCommandWithItsStatusAndMessage() throws IOException {
        Files.writeString(tmp.resolve("disk.img"), "bytes of a disk");
        Result r = shell("""
                # set up an image
                put $disk --name first
                modify no-such-image os=ubuntu
                put $disk --name never
                """);

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains("imagerepo: "), r::toString); // the command's own message
        assertTrue(r.err().contains("no-such-image"), r::toString);
        assertTrue(r.err().contains("stdin, line 6: stopped at `modify no-such-image os=ubuntu` (exit 1)"), r::toString);
        assertEquals(List.of("first"), names(stub), "the line after the failure did not run");
    }

    @Test
    void aUsageErrorStopsTheScriptWithStatus2AndAScriptRunsFromAFileToo() throws IOException {
        Files.writeString(tmp.resolve("steps.txt"), "list\nput --no-such-option x\nlist\n");
        Result r = shell("", "steps.txt");
        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r::toString);
        assertTrue(r.err().contains("steps.txt, line 2: stopped at"), r::toString);

        Result ok = shell("list\n\n   # a comment\nwhoami\n");
        assertEquals(0, ok.status(), ok::toString);
        assertTrue(ok.out().contains("alice"), ok::toString);
    }

    @Test
    void thePapersCommandNamesWorkWithOrWithoutThePrefixAndVariablesHoldWhatACommandPrinted() throws IOException {
        Files.writeString(tmp.resolve("disk.img"), "bytes of a disk");
        // accounting's answers, canned: the stub serves the catalog and the bytes only
        stub.answer("GET", "/api/v1/history/images", 200, "[" + ActiveRepositoryCliTest.IMAGE_HISTORY + "]");
        stub.answer("GET", "/api/v1/history/users", 200, """
                [{"username":"bob","quota":8589934592,"usedBytes":0,"reservedBytes":0,"imageCount":0}]""");
        Result r = shell("""
                let id = put $disk --name u22 --os ubuntu
                imagerepo modify $id description='made in the shell'
                setpermission ${id} public
                echo kept "$id"
                list
                histimg
                histuser
                user list
                get $id -o $copy
                remove $id
                """);
        assertEquals(0, r.status(), r::toString);
        String id = r.out().lines().filter(l -> l.startsWith("kept ")).findFirst().orElseThrow().substring(5);
        assertTrue(r.out().contains(id + "\n"), "put printed the id: " + r);
        assertTrue(r.out().contains("img-1") && r.out().lines().anyMatch(l -> l.startsWith("bob ")), "histimg, histuser: " + r);
        assertEquals("bytes of a disk", Files.readString(tmp.resolve("copy.img")));
        assertFalse(stub.images.containsKey(id), "removed");
        Result unset = shell("echo $nothing\n");
        assertEquals(2, unset.status());
        assertTrue(unset.err().contains("$nothing is not set"), unset::toString);
    }

    @Test
    void aRecordedSessionReplaysToTheSameCatalogOnAnEmptyRepository() throws IOException {
        Files.writeString(tmp.resolve("disk.img"), "bytes of a disk");
        Files.writeString(tmp.resolve("other.img"), "another disk");
        Path script = tmp.resolve("session.txt");
        String typed = """
                record session.txt
                put $disk --name base --os ubuntu --tag hadoop
                put $other --name scratch
                modify no-such-image os=debian
                """;
        Result first = shell(typed);
        assertEquals(1, first.status(), first::toString); // the failing modify ends the piped run
        String base = idOf(stub, "base");
        String scratch = idOf(stub, "scratch");
        // Ids typed by the user, as they read them from the output of put.
        Result second = shell("record part2.txt\n" + "modify " + base
                + " description='for the course' os=debian\n" + "setpermission " + base + " public\n"
                + "remove " + scratch + "\n" + "record stop\n");
        assertEquals(0, second.status(), second::toString);
        String recorded = Files.readString(script, StandardCharsets.UTF_8)
                + Files.readString(tmp.resolve("part2.txt"), StandardCharsets.UTF_8);
        assertTrue(recorded.contains("let img1 = put " + tmp.resolve("disk.img") + " --name base --os ubuntu --tag hadoop"),
                recorded);
        assertTrue(recorded.contains("# failed: modify no-such-image os=debian"), recorded);
        assertTrue(recorded.lines().anyMatch(l -> l.startsWith("#   ") && l.contains(": ok in ")), recorded);
        assertTrue(recorded.lines().anyMatch(l -> l.contains("exit 1 in ")), recorded);

        List<Map<String, Object>> before = catalog(stub);

        // The same on an empty repository: the second part's ids were typed, so it is re-recorded with the first.
        Result whole = shell("record whole.txt\n" + "load session.txt\n" + "modify $img1 description='for the course'"
                + " os=debian\nsetpermission $img1 public\nremove $img2\nrecord stop\n");
        assertEquals(0, whole.status(), whole::toString);
        String wholeScript = Files.readString(tmp.resolve("whole.txt"));
        assertTrue(wholeScript.contains("modify ${img1} 'description=for the course' os=debian"), wholeScript);
        assertTrue(wholeScript.contains("remove ${img2}"), wholeScript);

        StubImageRepo fresh = new StubImageRepo();
        try {
            Map<String, String> freshEnv = signedIn(fresh, tmp.resolve("fresh-config"));
            Result replay = CliTestSupport.run(freshEnv, tmp, false, "", null, CliTestSupport.NO_WAIT, "shell", "whole.txt");
            assertEquals(0, replay.status(), replay::toString);
            assertEquals(before, catalog(fresh));
            assertNotEquals(base, idOf(fresh, "base"), "a new image, a new id");
        } finally {
            fresh.close();
        }
    }

    private static String idOf(StubImageRepo stub, String name) {
        return stub.images.values().stream().filter(i -> name.equals(i.path("name").asText())).findFirst()
                .orElseThrow().get("imgId").asText();
    }

    private static List<String> names(StubImageRepo stub) {
        return stub.images.values().stream().map(i -> i.path("name").asText()).sorted().toList();
    }

    /** What the catalog holds, without what differs by nature from one repository to another. */
    private static List<Map<String, Object>> catalog(StubImageRepo stub) {
        return stub.images.values().stream().map(ObjectNode::deepCopy)
                .map(i -> {
                    i.remove(List.of("imgId", "imgURI", "locations", "createdDate", "lastAccess", "accessCount"));
                    return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(i,
                            new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
                })
                .sorted(Comparator.comparing(m -> String.valueOf(m.get("name"))))
                .toList();
    }
}
