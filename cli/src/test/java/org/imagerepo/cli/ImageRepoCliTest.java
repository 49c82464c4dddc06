package org.imagerepo.cli;

import org.imagerepo.client.StubImageRepo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imagerepo.cli.CliTestSupport.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The imagerepo command driven in-process against an in-JVM stand-in for the REST API. */
class ImageRepoCliTest {

    private static final String UUID_LINE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n";

    private final ObjectMapper json = new ObjectMapper();
    private StubImageRepo stub;
    private Map<String, String> env;
    private Path config;
    private String token;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubImageRepo();
        stub.pendingPolls = 1;
        config = tmp.resolve("config");
        env = Map.of(ImageRepoCli.ENV_URL, stub.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
        token = CliTestSupport.signIn(stub, config, "alice");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Result run(String... args) {
        return CliTestSupport.run(env, tmp, false, args);
    }

    private Path file(String name, byte[] content) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("src"));
        return Files.write(dir.resolve(name), content);
    }

    // ------------------------------------------------------------------------------------------------ put

    @Test
    void putPrintsOnlyTheIdOfTheUploadedAvailableImage() throws IOException {
        byte[] data = randomBytes(300_000);
        Path f = file("ubuntu.qcow2", data);

        Result r = run("put", f.toString(), "--os", "ubuntu", "--tag", "hadoop", "--tag", "mpi,gpu",
                "--vmtype", "kvm", "--disk-format", "qcow2", "--description", "a test image");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().matches(UUID_LINE), "stdout is exactly the id: " + r.out());
        assertEquals("", r.err(), "nothing on stderr when it is not a terminal");
        String id = r.out().strip();
        ObjectNode img = stub.images.get(id);
        assertEquals("ubuntu.qcow2", img.get("name").asText(), "name defaults to the file name");
        assertEquals("ubuntu", img.get("os").asText());
        assertEquals("kvm", img.get("vmType").asText());
        assertEquals("qcow2", img.get("diskFormat").asText());
        assertEquals("[\"hadoop\",\"mpi\",\"gpu\"]", img.get("tag").toString());
        assertEquals("available", img.get("imgStatus").asText(), "put waited until available");
        assertArrayEquals(data, stub.blobs.get(id));
        assertEquals("Bearer " + token, stub.last("POST").header("Authorization"));
    }

    @Test
    void putWithProgressDrawsABarOnStderrAndStillPrintsOnlyTheId() throws IOException {
        Path f = file("disk.img", randomBytes(200_000));

        Result r = run("put", f.toString(), "--progress");

        assertEquals(0, r.status(), r::toString);
        assertTrue(r.out().matches(UUID_LINE), r.out());
        assertTrue(r.err().contains("100%"), r.err());
        assertTrue(r.err().contains("195.3 KiB / 195.3 KiB"), r.err());
        assertTrue(r.err().startsWith("\r"), "the bar redraws in place");
    }

    @Test
    void putParsesTheOriginalAttributeStringAndLetsOptionsWin() throws IOException {
        Path f = file("c7.img", randomBytes(1000));

        Result r = run("put", f.toString(), "-a", "os=centos&vmtype=kvm&tag=t1,t2&imgType=openstack&name=c7",
                "--imgtype", "nimbus");

        assertEquals(0, r.status(), r::toString);
        JsonNode sent = stub.images.get(r.out().strip());
        assertEquals("centos", sent.get("os").asText());
        assertEquals("kvm", sent.get("vmType").asText());
        assertEquals("[\"t1\",\"t2\"]", sent.get("tag").toString());
        assertEquals("c7", sent.get("name").asText());
        assertEquals("nimbus", sent.get("imgType").asText(), "--imgtype wins over -a");
    }

    @Test
    void putWithAMalformedAttributeStringIsAUsageError() throws IOException {
        Path f = file("x.img", randomBytes(10));

        Result noEquals = run("put", f.toString(), "-a", "os=centos&kvm");
        Result unknown = run("put", f.toString(), "-a", "colour=blue");

        assertEquals(2, noEquals.status(), noEquals::toString);
        assertTrue(noEquals.err().startsWith("imagerepo: invalid -a: expected key=value but got 'kvm'"), noEquals.err());
        assertEquals(2, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("unknown attribute 'colour'"), unknown.err());
        assertTrue(stub.requests.isEmpty(), "nothing was sent");
    }

    @Test
    void putOfAMissingFileFailsWithoutRegistering() {
        Result r = run("put", tmp.resolve("missing.img").toString());

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: no such file: " + tmp.resolve("missing.img") + "\n", r.err());
        assertEquals("", r.out());
        assertTrue(stub.requests.isEmpty());
    }

    @Test
    void putWhoseUploadChecksumMismatchesFailsAndRemovesTheRegisteredImage() throws IOException {
        stub.wrongUploadChecksum = true;
        Path f = file("x.img", randomBytes(5000));

        Result r = run("put", f.toString());

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: checksum mismatch uploading " + f), r.err());
        assertEquals("", r.out());
        assertTrue(stub.images.isEmpty(), "the half-made image was removed");
    }

    // ------------------------------------------------------------------------------------------------ get

    @Test
    void getWritesTheVerifiedBytesAndPrintsThePath() throws IOException {
        byte[] data = randomBytes(1_000_000);
        String id = stub.seed("u22", "ubuntu", List.of(), data).get("imgId").asText();
        Path target = tmp.resolve("copy.img");

        Result r = run("get", id, "-o", target.toString());

        assertEquals(0, r.status(), r::toString);
        assertEquals(target + "\n", r.out());
        assertArrayEquals(data, Files.readAllBytes(target));
    }

    @Test
    void getByUriFetchesTheImageAtThatLocationAndNeedsExactlyOneOfIdOrUri() throws IOException {
        byte[] data = randomBytes(5000);
        String id = stub.seed("u22", "ubuntu", List.of(), data).get("imgId").asText();
        Path target = tmp.resolve("by-uri.img");

        Result r = run("get", "--uri", "fs://images/" + id, "-o", target.toString());

        assertEquals(0, r.status(), r::toString);
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(2, run("get", id, "--uri", "fs://images/" + id).status());
        assertEquals(2, run("get").status());
        Result missing = run("get", "--uri", "fs://images/none", "-o", tmp.resolve("none.img").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("No image at"), missing.err());
    }

    @Test
    void getWithoutOutputNamesTheFileAfterTheImageAndRefusesToOverwriteIt() throws IOException {
        byte[] data = randomBytes(1000);
        String id = stub.seed("u22.qcow2", "ubuntu", List.of(), data).get("imgId").asText();

        Result first = run("get", id);
        Result second = run("get", id);

        assertEquals(0, first.status(), first::toString);
        assertEquals(tmp.resolve("u22.qcow2") + "\n", first.out());
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("u22.qcow2")));
        assertEquals(1, second.status(), second::toString);
        assertTrue(second.err().contains("already exists"), second.err());
        assertEquals(0, run("get", id, "--force").status());
    }

    @Test
    void copyPrintsTheNewLocationAndGetFromThatStoreFetchesTheCopy() throws IOException {
        byte[] data = randomBytes(10_000);
        String id = stub.seed("u22", "ubuntu", List.of(), data).get("imgId").asText();

        Result copy = run("copy", id, "--to", "s3");
        Result get = run("get", id, "--from", "s3", "-o", tmp.resolve("from-s3.img").toString());

        assertEquals(0, copy.status(), copy::toString);
        assertEquals("s3://images/" + id + "\n", copy.out());
        assertEquals(0, get.status(), get::toString);
        assertArrayEquals(data, Files.readAllBytes(tmp.resolve("from-s3.img")));
        assertEquals("store=s3", stub.last("GET").rawQuery());
    }

    @Test
    void copyIntoAnUnknownStoreExitsNonZeroWithTheRepositorysMessage() {
        String id = stub.seed("u22", "ubuntu", List.of(), randomBytes(10)).get("imgId").asText();

        Result r = run("copy", id, "--to", "tape");

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().contains("unknown store 'tape'"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void getWithAChecksumMismatchFailsAndLeavesNoFile() throws IOException {
        String id = stub.seed("u22", "ubuntu", List.of(), randomBytes(100_000)).get("imgId").asText();
        stub.corruptDownloads = true;
        Files.createDirectories(tmp.resolve("out"));
        Path target = tmp.resolve("out/copy.img");

        Result r = run("get", id, "-o", target.toString());

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: checksum mismatch downloading image " + id), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(target));
        try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of(), files.toList(), "no temporary file left behind");
        }
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void aProblemAnswerIsPrintedAsItsDetailWithExitStatus1() {
        Result r = run("show", "nope");

        assertEquals(1, r.status());
        assertEquals("imagerepo: image nope not found\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void anUnreachableServerGivesAClearMessageWithExitStatus1() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        CliTestSupport.save(config, "http://127.0.0.1:" + port, stub, "alice", stub.issue("alice"),
                java.time.Instant.now().plusSeconds(300));

        Result r = run("list", "--url", "http://127.0.0.1:" + port);

        assertEquals(1, r.status());
        assertEquals("imagerepo: cannot reach imagerepo at http://127.0.0.1:" + port
                + ": is the stack running? (bin/stack up)\n", r.err());
    }

    @Test
    void anInvalidUrlOrOutputFormatIsAUsageError() {
        Result badUrl = run("list", "--url", "localhost:8080");
        Result badFormat = run("list", "-o", "xml");

        assertEquals(2, badUrl.status(), badUrl::toString);
        assertTrue(badUrl.err().startsWith("imagerepo: invalid --url: not an http(s) URL: localhost:8080"), badUrl.err());
        assertEquals(2, badFormat.status(), badFormat::toString);
        assertTrue(badFormat.err().contains("xml"), badFormat.err());
    }

    // ------------------------------------------------------------------------------------------------ output

    @Test
    void listPrintsAnAlignedTableOfTheMainFields() {
        String id1 = stub.seed("ubuntu-22.04", "ubuntu", List.of("hadoop", "mpi"), randomBytes(2048)).get("imgId").asText();
        String id2 = stub.seed("c7", "centos", List.of(), null).get("imgId").asText();

        Result r = run("list");

        assertEquals(0, r.status(), r::toString);
        assertEquals("q=*", stub.last("GET").rawQuery(), "list is the query *");
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertEquals(List.of("imgId", "name", "owner", "os", "tag", "vmType", "imgType", "permission", "imgStatus",
                "size"), List.of(lines.get(0).split(" +")));
        assertTrue(lines.get(1).startsWith(id1 + "  ubuntu-22.04  alice"), lines.get(1));
        assertTrue(lines.get(1).contains("hadoop,mpi"), lines.get(1));
        assertTrue(lines.get(1).endsWith("2.0 KiB"), lines.get(1));
        assertTrue(lines.get(2).startsWith(id2 + "  c7            alice"), lines.get(2));
        int osColumn = lines.get(0).indexOf("os ");
        assertEquals("ubuntu", lines.get(1).substring(osColumn, osColumn + 6));
        assertEquals("centos", lines.get(2).substring(osColumn, osColumn + 6));
    }

    @Test
    void queryPrintsTheProjectedFieldsAsATable() {
        stub.seed("ubuntu-22.04", "ubuntu", List.of("hadoop"), null);
        stub.seed("c7", "centos", List.of("mpi"), null);
        stub.seed("u20", "ubuntu", List.of("hadoop", "spark"), null);

        Result r = run("query", "name,os where tag=hadoop");

        assertEquals(0, r.status(), r::toString);
        assertEquals("name          os\nubuntu-22.04  ubuntu\nu20           ubuntu\n", r.out());
    }

    @Test
    void jsonOutputIsTheServersJsonIndented() throws IOException {
        String id = stub.seed("u22", "ubuntu", List.of("hadoop"), randomBytes(10)).get("imgId").asText();

        Result query = run("query", "name,os where tag=hadoop", "-o", "json");
        Result show = run("show", id, "--output", "json");

        assertEquals(0, query.status(), query::toString);
        JsonNode q = json.readTree(query.out());
        assertEquals("name,os where tag=hadoop", q.get("query").asText());
        assertEquals("[\"name\",\"os\"]", q.get("fields").toString());
        assertEquals(1, q.get("count").asInt());
        assertEquals("{\"name\":\"u22\",\"os\":\"ubuntu\"}", q.get("images").get(0).toString());
        assertTrue(query.out().contains("\n  \"fields\""), "indented: " + query.out());

        assertEquals(0, show.status(), show::toString);
        JsonNode s = json.readTree(show.out());
        assertEquals(id, s.get("imgId").asText());
        assertEquals("2024-05-01T10:15:30Z", s.get("createdDate").asText());
        assertEquals(10, s.get("size").asInt());
        assertTrue(s.get("lastAccess").isNull());
    }

    @Test
    void showPrintsOneFieldPerLine() {
        String id = stub.seed("u22", "ubuntu", List.of("hadoop", "mpi"), randomBytes(5000)).get("imgId").asText();

        Result r = run("show", id);

        assertEquals(0, r.status(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals(22, lines.size(), r.out());
        assertEquals("imgId         " + id, lines.get(0));
        assertTrue(lines.contains("locations     fs://images/" + id), r.out());
        assertTrue(lines.contains("tag           hadoop,mpi"), r.out());
        assertTrue(lines.contains("size          5000 (4.9 KiB)"), r.out());
        assertTrue(lines.contains("lastAccess    -"), r.out());
        assertTrue(lines.contains("sharedUsers   -"), r.out());
        assertTrue(lines.contains("sharedGroups  -"), r.out());
    }

    // ------------------------------------------------------------------------------------------------ modify

    @Test
    void modifyTurnsKeyValuePairsIntoAPatch() throws IOException {
        String id = stub.seed("u22", "ubuntu", List.of(), null).get("imgId").asText();

        Result r = run("modify", id, "os=centos", "tag=a,b", "vmtype=kvm", "Description=two words");

        assertEquals(0, r.status(), r::toString);
        assertEquals("{\"os\":\"centos\",\"tag\":[\"a\",\"b\"],\"vmType\":\"kvm\",\"description\":\"two words\"}",
                json.readTree(stub.last("PATCH").body()).toString());
        assertTrue(r.out().lines().anyMatch(l -> l.equals("os            centos")), r.out());
    }

    @Test
    void modifyWithAKeyButNoEqualsSignIsAUsageError() {
        String id = stub.seed("u22", "ubuntu", List.of(), null).get("imgId").asText();

        Result r = run("modify", id, "os");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("expected key=value but got 'os'"), r.err());
        assertNull(stub.last("PATCH"), "nothing was sent");
    }

    @Test
    void modifyOfAReadOnlyFieldReportsTheServersDetail() {
        String id = stub.seed("u22", "ubuntu", List.of(), null).get("imgId").asText();

        Result r = run("modify", id, "owner=mallory");

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: field owner cannot be changed\n", r.err());
    }

    @Test
    void removeDeletesTheImage() {
        String id = stub.seed("u22", "ubuntu", List.of(), null).get("imgId").asText();

        Result r = run("remove", id);

        assertEquals(0, r.status(), r::toString);
        assertEquals("removed " + id + "\n", r.out());
        assertFalse(stub.images.containsKey(id));
    }

    // ------------------------------------------------------------------------------------------------ global options

    @Test
    void globalOptionsWorkBeforeOrAfterTheCommandAndOverrideTheEnvironment() {
        Map<String, String> wrongEnv = Map.of(ImageRepoCli.ENV_URL, "http://127.0.0.1:1",
                ImageRepoCli.ENV_CONFIG_DIR, config.toString());

        Result before = CliTestSupport.run(wrongEnv, tmp, false, "--url", stub.url(), "list");
        Result after = CliTestSupport.run(wrongEnv, tmp, false, "list", "--url", stub.url() + "/");
        Result fromEnv = run("list");

        assertEquals(0, before.status(), before::toString);
        assertEquals(0, after.status(), after::toString);
        assertEquals(0, fromEnv.status(), fromEnv::toString);
        assertEquals(3, stub.requests.size());
        assertTrue(stub.requests.stream().allMatch(r -> ("Bearer " + token).equals(r.header("Authorization"))),
                "every command sends the saved token, whatever the spelling of the URL");
        assertTrue(stub.requests.stream().allMatch(r -> r.header("X-Imagerepo-User") == null));
    }

    @Test
    void theUserOptionAndVariableAreGone() {
        Result r = run("list", "--user", "bob");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: Unknown options: '--user'"), r.err());
    }

    @Test
    void helpAndVersionAnswerWithoutAServer() {
        Result help = CliTestSupport.run(Map.of(), tmp, false, "--help");
        Result putHelp = CliTestSupport.run(Map.of(), tmp, false, "put", "--help");
        Result version = CliTestSupport.run(Map.of(), tmp, false, "--version");
        Result none = CliTestSupport.run(Map.of(), tmp, false);

        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: imagerepo"), help.out());
        for (String cmd : List.of("put", "get", "query", "list", "show", "modify", "remove", "copy", "setpermission",
                "share", "unshare", "login", "logout", "whoami", "user")) {
            assertTrue(help.out().contains("\n  " + cmd), cmd + " listed");
        }
        assertEquals(0, putHelp.status());
        assertTrue(putHelp.out().contains("--url=URL"), "global options on every command");
        assertTrue(putHelp.out().contains("-a, --attributes=ATTRS"), putHelp.out());
        assertTrue(help.out().contains("IMAGEREPO_URL"), help.out());
        assertTrue(help.out().contains("IMAGEREPO_CONFIG_DIR"), help.out());
        assertFalse(help.out().contains("IMAGEREPO_USER"), help.out());
        assertFalse(putHelp.out().contains("--user"), putHelp.out());
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("imagerepo "), version.out());
        assertEquals(2, none.status(), "no command is a usage error");
        assertTrue(none.err().contains("missing command"), none.err());
        assertTrue(stub.requests.isEmpty());
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
