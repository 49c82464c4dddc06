package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's own logic: what it sends for each call, how it reads the answers and refusals, tokens and redirects.
 * The answers are canned, and each is one the public API document allows ({@link CannedApi}); what the real services
 * do with the requests is asked of them in ClientApiIT.
 */
class ImageRepoClientTest {

    private final CannedApi api = new CannedApi();
    private final ImageRepoClient client = ImageRepoClient.builder().baseUri(api.url() + "/")
            .tokens(TokenSource.of("alice-token")).pollInterval(Duration.ofMillis(20)).build();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void registerSendsOnlyTheFieldsGivenWithTheTokenAndReadsTheImage() throws Exception {
        api.answer("POST", "/api/v1/images", 201, CannedAnswers.IMAGE);

        Image img = client.images().register(NewImage.builder().name("u22").os("ubuntu").tag("hadoop", "mpi")
                .vmType("kvm").arch("x86_64").diskFormat("qcow2").build());

        LoopbackServer.Request post = api.last("POST");
        assertEquals("Bearer alice-token", post.header("Authorization"));
        assertTrue(post.header("Content-Type").startsWith("application/json"));
        JsonNode sent = Json.mapper().readTree(post.body());
        assertEquals("u22", sent.get("name").asText());
        assertEquals(List.of("hadoop", "mpi"), List.of(sent.get("tag").get(0).asText(), sent.get("tag").get(1).asText()));
        assertFalse(sent.has("description"), "fields not given are not sent");
        assertEquals("img-1", img.imgId());
        assertEquals(List.of("hadoop", "mpi"), img.tag());
        assertEquals(Instant.parse("2024-05-01T10:15:30Z"), img.createdDate());
        assertNull(img.lastAccess());
        assertEquals(0L, img.accessCount());
    }

    @Test
    void baseUriWithoutSchemeIsRejectedAndATrailingSlashRemoved() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageRepoClient.builder().baseUri("localhost:8080"));
        assertTrue(e.getMessage().contains("not an http(s) URL"), e.getMessage());
        assertEquals(URI.create(api.url()), client.baseUri());
    }

    @Test
    void aQueryIsEncodedAndTheProjectedFieldsRead() {
        api.answer("GET", "/api/v1/images", 200, """
                {"query":"name,os where tag=hadoop","fields":["name","os"],"count":1,
                 "images":[{"name":"u22","os":"ubuntu"}]}""");

        QueryResult r = client.images().query("name,os where tag=hadoop", 10, 0);

        assertEquals("q=name%2Cos%20where%20tag%3Dhadoop&limit=10&offset=0", api.last("GET").rawQuery());
        assertEquals(List.of("name", "os"), r.fields());
        assertEquals(Map.of("name", "u22", "os", "ubuntu"), r.images().get(0));
        assertEquals("u22", r.asImages().get(0).name());
        assertNull(r.asImages().get(0).imgId());
        client.images().list();
        assertNull(api.last("GET").rawQuery(), "a list sends no query");
    }

    @Test
    void modifySendsAPatchWithTheChangedFields() throws Exception {
        api.answer("PATCH", "/api/v1/images/img-1", 200, CannedAnswers.image("os", "\"centos\""));

        Image img = client.images().modify("img-1", Map.of("os", "centos", "tag", List.of("a", "b")));

        JsonNode body = Json.mapper().readTree(api.last("PATCH").body());
        assertEquals("centos", body.get("os").asText());
        assertEquals(2, body.get("tag").size());
        assertEquals("centos", img.os());
    }

    @Test
    void uploadOfAMissingFileSaysSoAndSendsNothing() {
        ImageRepoException e = assertThrows(ImageRepoException.class,
                () -> client.images().upload("x", tmp.resolve("missing.img")));
        assertEquals("no such file: " + tmp.resolve("missing.img"), e.getMessage());
        assertTrue(api.requests().isEmpty(), "nothing sent");
    }

    @Test
    void awaitAvailableReportsAFailedUpload() {
        api.answer("GET", "/api/v1/images/img-1", 200, CannedAnswers.image("imgStatus", "\"failed\"")
                .replace("\"statusReason\":null", "\"statusReason\":\"the upload was cut off\""));

        ImageRepoException failed = assertThrows(ImageRepoException.class,
                () -> client.images().awaitAvailable("img-1", Duration.ofSeconds(5)));

        assertEquals(ImageRepoException.Kind.IMAGE_FAILED, failed.kind());
    }

    @Test
    void theTokenSourceIsAskedForEveryRequestSoThatItCanRenewTheToken() {
        api.answer("GET", "/api/v1/images", 200, "{\"query\":\"*\",\"fields\":[],\"count\":0,\"images\":[]}");
        java.util.Iterator<String> tokens = List.of("first", "second").iterator();
        ImageRepoClient c = ImageRepoClient.builder().baseUri(api.url()).tokens(tokens::next).build();

        c.images().list();
        c.images().list();

        assertEquals(List.of("Bearer first", "Bearer second"), api.requests().stream()
                .map(r -> r.header("Authorization")).toList());
        ImageRepoClient.builder().baseUri(api.url()).build().images().list();
        assertNull(api.last("GET").header("Authorization"), "without a token source no token is sent");
    }

    @Test
    void aTokenSourceThatRefusesStopsTheRequestBeforeItIsSent() {
        ImageRepoClient c = ImageRepoClient.builder().baseUri(api.url())
                .tokens(() -> {
                    throw new UnauthorizedException(CachedTokenSource.NOT_SIGNED_IN);
                }).build();

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> c.images().show("x"));

        assertEquals("Not signed in: run imagerepo login", e.getMessage());
        assertTrue(api.requests().isEmpty());
    }

    @Test
    void userRequestsSendOnlyWhatIsGivenAndNamesEncodedInThePath() {
        api.answer("POST", "/api/v1/users", 201, CannedAnswers.USER);
        api.answer("PATCH", "/api/v1/users/erin", 200, CannedAnswers.USER);
        api.answer("GET", "/api/v1/users/o%27brien%20jr", 200, CannedAnswers.USER);

        User erin = client.users().add(new NewUser("erin", "user", "activated", 500L * 1024 * 1024));
        assertEquals("erin", erin.username());
        assertEquals("{\"username\":\"erin\",\"role\":\"user\",\"status\":\"activated\",\"quota\":524288000}",
                api.last("POST").bodyText());
        client.users().add(NewUser.named("frank"));
        assertEquals("{\"username\":\"frank\"}", api.last("POST").bodyText(), "defaults are the server's");
        client.users().update("erin", UserUpdate.quota(2L << 30));
        assertEquals("{\"quota\":2147483648}", api.last("PATCH").bodyText());
        client.users().update("erin", UserUpdate.role("admin"));
        assertEquals("{\"role\":\"admin\"}", api.last("PATCH").bodyText());
        client.users().update("erin", UserUpdate.status("deactivated"));
        assertEquals("{\"status\":\"deactivated\"}", api.last("PATCH").bodyText());
        client.users().show("o'brien jr");
        assertEquals("/api/v1/users/o%27brien%20jr", api.last("GET").path());
        assertThrows(BadRequestException.class, () -> client.users().show(" "));
    }

    @Test
    void sharingSendsOneIdempotentRequestPerNameAndThePermissionAsAPatch() {
        api.answer("PUT", "/api/v1/images/img-1/shares/users/bob", 200, CannedAnswers.IMAGE);
        api.answer("PUT", "/api/v1/images/img-1/shares/users/carol", 200, CannedAnswers.IMAGE);
        api.answer("PUT", "/api/v1/images/img-1/shares/groups/physics", 200,
                CannedAnswers.with(CannedAnswers.image("sharedUsers", "[\"bob\",\"carol\"]"), "sharedGroups",
                        "[\"physics\"]"));
        api.answer("DELETE", "/api/v1/images/img-1/shares/users/carol", 200,
                CannedAnswers.image("sharedUsers", "[\"bob\"]"));
        api.answer("PATCH", "/api/v1/images/img-1", 200, CannedAnswers.image("permission", "\"public\""));

        Image shared = client.sharing().share("img-1", List.of("bob", "carol"), List.of("physics"));
        Image after = client.sharing().unshare("img-1", List.of("carol"), List.of());
        Image open = client.sharing().setPermission("img-1", Image.PERMISSION_PUBLIC);

        assertEquals(List.of("PUT /api/v1/images/img-1/shares/users/bob", "PUT /api/v1/images/img-1/shares/users/carol",
                        "PUT /api/v1/images/img-1/shares/groups/physics",
                        "DELETE /api/v1/images/img-1/shares/users/carol",
                        "PATCH /api/v1/images/img-1"),
                api.requests().stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals(List.of("bob", "carol"), shared.sharedUsers());
        assertEquals(List.of("physics"), shared.sharedGroups());
        assertEquals(List.of("bob"), after.sharedUsers());
        assertEquals("{\"permission\":\"public\"}", api.last("PATCH").bodyText());
        assertEquals("public", open.permission());
        assertThrows(IllegalArgumentException.class, () -> client.sharing().share("img-1", List.of(), null));
    }

    @Test
    void anErrorWithoutAProblemDocumentStillHasAReadableMessage() throws IOException {
        HttpServer html = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        html.createContext("/", ex -> {
            byte[] b = "<html><body>Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(502, b.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(b);
            }
        });
        html.start();
        try {
            ImageRepoClient c = ImageRepoClient.create(URI.create("http://127.0.0.1:" + html.getAddress().getPort()),
                    TokenSource.of("t"));
            ImageRepoException e = assertThrows(ImageRepoException.class, () -> c.images().show("abc"));
            assertEquals(ImageRepoException.Kind.SERVER_ERROR, e.kind());
            assertEquals(502, e.status());
            assertEquals("imagerepo answered 502 Bad Gateway to GET /api/v1/images/abc", e.getMessage());
        } finally {
            html.stop(0);
        }
    }

    @Test
    void anUnreachableServerGivesAClearMessage() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        ImageRepoClient c = ImageRepoClient.create(URI.create("http://127.0.0.1:" + port), TokenSource.of("t"));
        ImageRepoException e = assertThrows(ImageRepoException.class, () -> c.images().show("abc"));
        assertEquals(ImageRepoException.Kind.UNREACHABLE, e.kind());
        assertEquals("cannot reach imagerepo at http://127.0.0.1:" + port + ": is the stack running? (bin/stack up)",
                e.getMessage());
    }

    @Test
    void imageJsonReadsLenientDatesAndIgnoresUnknownFields() throws IOException {
        Image img = Json.mapper().readValue("{\"imgId\":\"x\",\"createdDate\":\"2024-05-01T10:15:30\","
                + "\"lastAccess\":\"2024-05-02T12:00:00+02:00\",\"futureField\":1,\"tag\":null}", Image.class);
        assertEquals(Instant.parse("2024-05-01T10:15:30Z"), img.createdDate());
        assertEquals(Instant.parse("2024-05-02T10:00:00Z"), img.lastAccess());
        assertEquals(List.of(), img.tag());
        String back = Json.mapper().writeValueAsString(img);
        assertTrue(back.contains("\"createdDate\":\"2024-05-01T10:15:30Z\""), back);
        assertFalse(back.contains("available"), back);
    }

    @Test
    void problemKindsFollowTheStatus() {
        assertInstanceOf(NotFoundException.class, ImageRepoException.fromProblem(404, null, null, "x"));
        assertInstanceOf(ConflictException.class, ImageRepoException.fromProblem(409, null, null, "x"));
        assertInstanceOf(BadRequestException.class, ImageRepoException.fromProblem(400, null, null, "x"));
        assertInstanceOf(UnauthorizedException.class, ImageRepoException.fromProblem(401, null, null, "x"));
        assertInstanceOf(ForbiddenException.class, ImageRepoException.fromProblem(403, null, null, "x"));
        assertEquals(ImageRepoException.Kind.FORBIDDEN, ImageRepoException.fromProblem(403, null, null, "x").kind());
        assertEquals(ImageRepoException.Kind.TOO_LARGE, ImageRepoException.fromProblem(413, null, null, "x").kind());
        assertEquals(ImageRepoException.Kind.SERVER_ERROR, ImageRepoException.fromProblem(503, null, null, "x").kind());
    }

    // ------------------------------------------------------------------------------------------------ identity

    @Test
    void aBare401TellsWhyFromItsChallenge() throws IOException {
        HttpServer bare = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        bare.createContext("/", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate",
                    "Bearer error=\"invalid_token\", error_description=\"the token has expired\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        bare.start();
        try {
            ImageRepoClient c = ImageRepoClient.create(URI.create("http://127.0.0.1:" + bare.getAddress().getPort()),
                    TokenSource.of("t"));
            UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> c.images().show("abc"));
            assertEquals("the token has expired", e.getMessage());
        } finally {
            bare.stop(0);
        }
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenDoesNotTravelElsewhere() throws IOException {
        List<String> seenElsewhere = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        elsewhere.createContext("/", ex -> {
            seenElsewhere.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        elsewhere.start();
        HttpServer redirecting = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String target = "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/api/v1/images/abc";
        redirecting.createContext("/", ex -> {
            ex.getResponseHeaders().add("Location", target);
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        redirecting.start();
        try {
            ImageRepoClient c = ImageRepoClient.create(
                    URI.create("http://127.0.0.1:" + redirecting.getAddress().getPort()), TokenSource.of("secret"));
            ImageRepoException e = assertThrows(ImageRepoException.class, () -> c.images().show("abc"));
            assertTrue(e.getMessage().contains("a redirect to " + target + " (not followed"), e.getMessage());
            assertEquals(List.of(), seenElsewhere);
        } finally {
            redirecting.stop(0);
            elsewhere.stop(0);
        }
    }

    @Test
    void aStaticTokenSourceDoesNotShowItsTokenAndRefusesAnEmptyOne() {
        assertFalse(TokenSource.of("s3cret").toString().contains("s3cret"));
        assertEquals("s3cret", TokenSource.of(" s3cret\n").accessToken());
        assertThrows(IllegalArgumentException.class, () -> TokenSource.of(" "));
    }

    // ------------------------------------------------------------------------------------------------ users

    // ------------------------------------------------------------------------------------------------ sharing

    @Test
    void imageSharesAreNeverNull() throws IOException {
        Image img = Json.mapper().readValue("{\"imgId\":\"x\",\"sharedUsers\":null}", Image.class);
        assertEquals(List.of(), img.sharedUsers());
        assertEquals(List.of(), img.sharedGroups());
        Image full = Json.mapper().readValue("{\"imgId\":\"x\",\"sharedUsers\":[\"bob\"],\"sharedGroups\":[\"hpc\"]}",
                Image.class);
        assertEquals(List.of("bob"), full.sharedUsers());
        assertEquals(List.of("hpc"), full.sharedGroups());
    }
}
