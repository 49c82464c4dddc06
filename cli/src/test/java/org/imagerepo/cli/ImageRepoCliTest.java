package org.imagerepo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imagerepo.cli.CliTestSupport.Result;
import org.imagerepo.client.CannedAnswers;
import org.imagerepo.client.CannedApi;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The imagerepo command's own logic, in-process: its options and usage errors, what it sends, how it prints the
 * answers and refusals, against canned answers the public API document allows (CannedApi). The commands against the
 * real services (put, get, copy, remove, ...) are in CliApiIT.
 */
class ImageRepoCliTest {

    private static final String UUID_LINE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n";

    private final ObjectMapper json = new ObjectMapper();
    private final CannedApi api = new CannedApi();
    private Map<String, String> env;
    private Path config;
    private String token;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        config = tmp.resolve("config");
        env = Map.of(ImageRepoCli.ENV_URL, api.url(), ImageRepoCli.ENV_CONFIG_DIR, config.toString());
        token = CliTestSupport.signIn(api.url(), config, "alice");
    }

    @AfterEach
    void stop() {
        api.close();
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
    void putWithAMalformedAttributeStringIsAUsageError() throws IOException {
        Path f = file("x.img", randomBytes(10));

        Result noEquals = run("put", f.toString(), "-a", "os=centos&kvm");
        Result unknown = run("put", f.toString(), "-a", "colour=blue");

        assertEquals(2, noEquals.status(), noEquals::toString);
        assertTrue(noEquals.err().startsWith("imagerepo: invalid -a: expected key=value but got 'kvm'"), noEquals.err());
        assertEquals(2, unknown.status(), unknown::toString);
        assertTrue(unknown.err().contains("unknown attribute 'colour'"), unknown.err());
        assertTrue(api.requests().isEmpty(), "nothing was sent");
    }

    @Test
    void putOfAMissingFileFailsWithoutRegistering() {
        Result r = run("put", tmp.resolve("missing.img").toString());

        assertEquals(1, r.status(), r::toString);
        assertEquals("imagerepo: no such file: " + tmp.resolve("missing.img") + "\n", r.err());
        assertEquals("", r.out());
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void putWhoseUploadChecksumMismatchesFailsAndRemovesTheRegisteredImage() throws IOException {
        Path f = file("x.img", randomBytes(5000));
        api.answer("POST", "/api/v1/images", 201, CannedAnswers.IMAGE);
        api.answer("POST", "/api/v1/images/img-1/uploads", 201, "{\"imageId\":\"img-1\",\"uploadUrl\":\""
                + api.url() + "/api/v1/images/img-1/file\",\"method\":\"PUT\",\"size\":5000,"
                + "\"expiresAt\":\"2026-12-01T10:05:00Z\"}");
        api.answer("PUT", "/api/v1/images/img-1/file", 201, "{\"imgId\":\"img-1\",\"size\":5000,\"sha256\":"
                + "\"0000000000000000000000000000000000000000000000000000000000000000\",\"md5\":null,\"imgURI\":null}");
        api.answer("DELETE", "/api/v1/images/img-1", 204, "");

        Result r = run("put", f.toString());

        assertEquals(1, r.status(), r::toString);
        assertTrue(r.err().startsWith("imagerepo: checksum mismatch uploading " + f), r.err());
        assertEquals("", r.out());
        assertEquals("/api/v1/images/img-1", api.last("DELETE").path(), "the half-made image was removed");
    }

    // ------------------------------------------------------------------------------------------------ get

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void aProblemAnswerIsPrintedAsItsDetailWithExitStatus1() {
        api.answer("GET", "/api/v1/images/nope", 404, """
                {"type":"https://imagerepo.org/problems/not-found","title":"Not found","status":404,
                 "detail":"image nope not found"}""");

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

        CliTestSupport.signIn("http://127.0.0.1:" + port, config, "alice");

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
        String id1 = "0a1b2c3d-0000-4000-8000-000000000001";
        String id2 = "0a1b2c3d-0000-4000-8000-000000000002";
        api.answer("GET", "/api/v1/images", 200, "{\"query\":\"*\",\"fields\":" + FIELDS + ",\"count\":2,\"images\":["
                + image(id1, "ubuntu-22.04", "ubuntu", "[\"hadoop\",\"mpi\"]", "2048") + ","
                + image(id2, "c7", "centos", "[]", "null") + "]}");

        Result r = run("list");

        assertEquals(0, r.status(), r::toString);
        assertEquals("q=*", api.last("GET").rawQuery(), "list is the query *");
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
        api.answer("GET", "/api/v1/images", 200, """
                {"query":"name,os where tag=hadoop","fields":["name","os"],"count":2,
                 "images":[{"name":"ubuntu-22.04","os":"ubuntu"},{"name":"u20","os":"ubuntu"}]}""");

        Result r = run("query", "name,os where tag=hadoop");

        assertEquals(0, r.status(), r::toString);
        assertEquals("name          os\nubuntu-22.04  ubuntu\nu20           ubuntu\n", r.out());
    }

    @Test
    void jsonOutputIsTheServersJsonIndented() throws IOException {
        String id = "img-1";
        api.answer("GET", "/api/v1/images", 200, """
                {"query":"name,os where tag=hadoop","fields":["name","os"],"count":1,
                 "images":[{"name":"u22","os":"ubuntu"}]}""");
        api.answer("GET", "/api/v1/images/img-1", 200, CannedAnswers.image("size", "10"));

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
        String id = "img-1";
        api.answer("GET", "/api/v1/images/img-1", 200, CannedAnswers.with(CannedAnswers.image("size", "5000"),
                "locations", "[\"fs://images/img-1\"]"));

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
        String id = "img-1";
        api.answer("PATCH", "/api/v1/images/img-1", 200, CannedAnswers.image("os", "\"centos\""));

        Result r = run("modify", id, "os=centos", "tag=a,b", "vmtype=kvm", "Description=two words");

        assertEquals(0, r.status(), r::toString);
        assertEquals("{\"os\":\"centos\",\"tag\":[\"a\",\"b\"],\"vmType\":\"kvm\",\"description\":\"two words\"}",
                json.readTree(api.last("PATCH").body()).toString());
        assertTrue(r.out().lines().anyMatch(l -> l.equals("os            centos")), r.out());
    }

    @Test
    void modifyWithAKeyButNoEqualsSignIsAUsageError() {
        Result r = run("modify", "img-1", "os");

        assertEquals(2, r.status(), r::toString);
        assertTrue(r.err().contains("expected key=value but got 'os'"), r.err());
        assertNull(api.last("PATCH"), "nothing was sent");
    }

    // ------------------------------------------------------------------------------------------------ global options

    @Test
    void globalOptionsWorkBeforeOrAfterTheCommandAndOverrideTheEnvironment() {
        Map<String, String> wrongEnv = Map.of(ImageRepoCli.ENV_URL, "http://127.0.0.1:1",
                ImageRepoCli.ENV_CONFIG_DIR, config.toString());

        api.answer("GET", "/api/v1/images", 200, "{\"query\":\"*\",\"fields\":[],\"count\":0,\"images\":[]}");
        Result before = CliTestSupport.run(wrongEnv, tmp, false, "--url", api.url(), "list");
        Result after = CliTestSupport.run(wrongEnv, tmp, false, "list", "--url", api.url() + "/");
        Result fromEnv = run("list");

        assertEquals(0, before.status(), before::toString);
        assertEquals(0, after.status(), after::toString);
        assertEquals(0, fromEnv.status(), fromEnv::toString);
        assertEquals(3, api.requests().size());
        assertTrue(api.requests().stream().allMatch(r -> ("Bearer " + token).equals(r.header("Authorization"))),
                "every command sends the saved token, whatever the spelling of the URL");
        assertTrue(api.requests().stream().allMatch(r -> r.header("X-Imagerepo-User") == null));
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
        assertTrue(api.requests().isEmpty());
    }

    /** The fields of every image, as a list or the query {@code *} answers them. */
    private static final String FIELDS = "[\"imgId\",\"name\",\"owner\",\"os\",\"description\",\"tag\",\"vmType\","
            + "\"imgType\",\"permission\",\"imgStatus\",\"statusReason\",\"imgURI\",\"createdDate\",\"lastAccess\","
            + "\"accessCount\",\"size\",\"sha256\",\"md5\",\"arch\",\"diskFormat\",\"locations\",\"sharedUsers\","
            + "\"sharedGroups\"]";

    private static String image(String id, String name, String os, String tags, String size) {
        return CannedAnswers.with(CannedAnswers.with(CannedAnswers.with(CannedAnswers.with(CannedAnswers.image("imgId",
                "\"" + id + "\""), "name", "\"" + name + "\""), "os", "\"" + os + "\""), "tag", tags), "size", size);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
