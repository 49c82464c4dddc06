package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.imagerepo.e2e.Stack.cli;
import static org.imagerepo.e2e.TestFiles.json;
import static org.imagerepo.e2e.TestFiles.randomFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shell against the real stack: a session piped into {@code imagerepo shell} and recorded, the stack deleted
 * and started empty, and the recording replayed: the same catalog, with new ids.
 */
class ShellIT {

    /** What differs by nature between two repositories holding the same images. */
    private static final List<String> NOT_COMPARED = List.of("imgId", "imgURI", "locations", "createdDate",
            "lastAccess", "accessCount");

    @TempDir
    static Path files;

    @BeforeAll
    static void up() {
        Stack.stack("clean");
        Stack.stack("up").ok();
    }

    @AfterAll
    static void down() {
        Stack.stack("down").ok();
    }

    @Test
    void aRecordedSessionReplaysToTheSameCatalogOnAFreshStack() throws Exception {
        Path base = randomFile(files, "base.img", 1024 * 1024);
        Path scratch = randomFile(files, "scratch.img", 512 * 1024);
        Path session = files.resolve("session.txt");
        Stack.signIn("alice");
        Stack.Result recorded = Stack.cliAs("alice", String.join("\n",
                "record " + session,
                "put " + base + " --name base --os ubuntu --tag hadoop,mpi --vmtype kvm",
                "let scratch = put " + scratch + " --name scratch",
                "modify $img1 description='built in the shell' arch=x86_64",
                "setpermission $img1 public",
                "share $scratch --user bob",
                "list",
                "modify no-such-image os=debian", // fails: the piped run ends here, the recording too
                "remove $scratch") + "\n", "shell");
        assertEquals(1, recorded.exit(), recorded.toString());
        assertTrue(recorded.err().contains("line 8: stopped at `modify no-such-image os=debian`"), recorded.err());
        String script = Files.readString(session);
        System.out.println("[e2e] the recorded session:\n" + script);
        assertTrue(script.contains("let img1 = put " + base), script);
        assertTrue(script.contains("modify ${img1} 'description=built in the shell' arch=x86_64"), script);
        assertTrue(script.contains("share ${scratch} --user bob"), script);
        assertTrue(script.contains("# failed: modify no-such-image os=debian"), script);
        assertFalse(script.contains("remove"), "the line after the failure did not run: " + script);
        List<JsonNode> before = catalog();
        assertEquals(2, before.size(), before.toString());

        Stack.stack("clean");
        Stack.stack("up").ok();
        assertEquals(List.of(), catalog(), "the new stack starts empty");

        Stack.Result replayed = cli("alice", "shell", session.toString());
        assertEquals(0, replayed.exit(), replayed.toString());
        assertEquals(before, catalog());
    }

    /** Alice's images as the catalog lists them, without what differs between repositories, by name. */
    private static List<JsonNode> catalog() throws Exception {
        JsonNode answer = json(cli("alice", "query", "*", "-o", "json").ok().out());
        List<JsonNode> images = new ArrayList<>();
        for (JsonNode image : answer.get("images")) {
            ObjectNode copy = image.deepCopy();
            copy.remove(NOT_COMPARED);
            images.add(copy);
        }
        images.sort(Comparator.comparing(i -> i.path("name").asText()));
        return images;
    }
}
