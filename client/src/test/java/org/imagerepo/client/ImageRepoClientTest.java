package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.imagerepo.client.TestFiles.listDir;
import static org.imagerepo.client.TestFiles.randomBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageRepoClientTest {

    private StubImageRepo stub;
    private ImageRepoClient client;
    private String aliceToken;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubImageRepo();
        aliceToken = stub.issue("alice").accessToken();
        client = ImageRepoClient.builder().baseUri(stub.url() + "/").tokens(TokenSource.of(aliceToken))
                .pollInterval(Duration.ofMillis(20)).build();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void registerSendsTheFieldsAndTheTokenAndReturnsTheImage() throws Exception {
        Image img = client.images().register(NewImage.builder().name("u22").os("ubuntu").tag("hadoop", "mpi")
                .vmType("kvm").arch("x86_64").diskFormat("qcow2").build());

        StubImageRepo.Recorded post = stub.last("POST");
        assertEquals("Bearer " + aliceToken, post.header("Authorization"));
        assertNull(post.header("X-Imagerepo-User"), "the header-based user is gone");
        assertTrue(post.header("Content-Type").startsWith("application/json"));
        JsonNode sent = Json.mapper().readTree(post.body());
        assertEquals("u22", sent.get("name").asText());
        assertEquals(List.of("hadoop", "mpi"), List.of(sent.get("tag").get(0).asText(), sent.get("tag").get(1).asText()));
        assertFalse(sent.has("description"), "fields not given are not sent");

        assertNotNull(img.imgId());
        assertEquals("alice", img.owner());
        assertEquals("ubuntu", img.os());
        assertEquals(List.of("hadoop", "mpi"), img.tag());
        assertEquals("kvm", img.vmType());
        assertEquals("pending", img.imgStatus());
        assertEquals(Instant.parse("2024-05-01T10:15:30Z"), img.createdDate());
        assertNull(img.lastAccess());
        assertEquals(0L, img.accessCount());
    }

    @Test
    void baseUriWithoutSchemeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageRepoClient.builder().baseUri("localhost:8080"));
        assertTrue(e.getMessage().contains("not an http(s) URL"), e.getMessage());
        assertEquals(URI.create(stub.url()), client.baseUri(), "trailing slash removed");
    }

    @Test
    void showOfAMissingImageThrowsNotFoundWithTheProblemDetail() {
        NotFoundException e = assertThrows(NotFoundException.class, () -> client.images().show("nope"));
        assertEquals("image nope not found", e.getMessage());
        assertEquals(404, e.status());
        assertEquals("Not Found", e.title());
        assertEquals(URI.create("https://imagerepo.org/problems/not-found"), e.type());
        assertEquals(ImageRepoException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void badRequestAndConflictHaveTheirOwnClasses() {
        String id = stub.seed("a", "ubuntu", List.of(), null).get("imgId").asText();
        BadRequestException bad = assertThrows(BadRequestException.class,
                () -> client.images().modify(id, Map.of("owner", "mallory")));
        assertEquals("field owner cannot be changed", bad.getMessage());
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> client.images().download(id, tmp.resolve("x")));
        assertEquals("image " + id + " has no bytes yet", conflict.getMessage());
        assertEquals(409, conflict.status());
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
    void queryEncodesTheQueryAndReturnsOnlyTheProjectedFields() {
        stub.seed("u22", "ubuntu", List.of("hadoop"), null);
        stub.seed("c7", "centos", List.of("mpi"), null);

        QueryResult r = client.images().query("name,os where tag=hadoop", 10, 0);

        StubImageRepo.Recorded get = stub.last("GET");
        assertEquals("q=name%2Cos%20where%20tag%3Dhadoop&limit=10&offset=0", get.rawQuery());
        assertEquals(List.of("name", "os"), r.fields());
        assertEquals(1, r.count());
        assertEquals(Map.of("name", "u22", "os", "ubuntu"), r.images().get(0));
        Image asImage = r.asImages().get(0);
        assertEquals("u22", asImage.name());
        assertNull(asImage.imgId());
    }

    @Test
    void listSendsNoQueryAndReturnsEverything() {
        stub.seed("u22", "ubuntu", List.of("hadoop"), null);
        stub.seed("c7", "centos", List.of("mpi"), null);

        QueryResult r = client.images().list();

        assertNull(stub.last("GET").rawQuery());
        assertEquals(2, r.count());
        assertEquals(Image.FIELDS, r.fields());
        assertEquals(List.of("u22", "c7"), r.asImages().stream().map(Image::name).toList());
    }

    @Test
    void aMalformedQueryIsABadRequest() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> client.images().query("where os=x"));
        assertTrue(e.getMessage().startsWith("query syntax error"), e.getMessage());
    }

    @Test
    void modifySendsAPatchWithTheChangedFields() throws Exception {
        String id = stub.seed("a", "ubuntu", List.of(), null).get("imgId").asText();

        Image img = client.images().modify(id, Map.of("os", "centos", "tag", List.of("a", "b")));

        StubImageRepo.Recorded patch = stub.last("PATCH");
        assertEquals("/api/v1/images/" + id, patch.path());
        JsonNode body = Json.mapper().readTree(patch.body());
        assertEquals("centos", body.get("os").asText());
        assertEquals(2, body.get("tag").size());
        assertEquals("centos", img.os());
        assertEquals(List.of("a", "b"), img.tag());
    }

    @Test
    void removeDeletesTheImage() {
        String id = stub.seed("a", "ubuntu", List.of(), null).get("imgId").asText();
        client.images().remove(id);
        assertEquals("DELETE", stub.last("DELETE").method());
        assertFalse(stub.images.containsKey(id));
        assertThrows(NotFoundException.class, () -> client.images().remove(id));
    }

    @Test
    void uploadStreamsTheFileWithContentLengthAndReportsProgress() throws IOException {
        String id = client.images().register(NewImage.builder().name("big").build()).imgId();
        byte[] data = randomBytes(3 * 1024 * 1024 + 17);
        Path file = Files.write(tmp.resolve("big.img"), data);
        RecordingProgress progress = new RecordingProgress();

        UploadResult r = client.images().upload(id, file, progress);

        assertEquals(String.valueOf(data.length), stub.last("PUT").header("Content-Length"));
        assertEquals("application/octet-stream", stub.last("PUT").header("Content-Type"));
        assertArrayEquals(data, stub.blobs.get(id));
        assertEquals(StubImageRepo.hex("SHA-256", data), r.sha256());
        assertEquals(data.length, r.size());
        assertTrue(progress.reports.size() > 2, "several progress reports");
        assertEquals(data.length, progress.last()[0]);
        assertEquals(data.length, progress.first()[1]);
        assertTrue(progress.finished);
    }

    @Test
    void uploadFailsWhenTheServerReportsADifferentChecksum() throws IOException {
        String id = client.images().register(NewImage.builder().build()).imgId();
        Path file = Files.write(tmp.resolve("f.img"), randomBytes(1000));
        stub.wrongUploadChecksum = true;

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> client.images().upload(id, file));

        assertEquals(StubImageRepo.hex("SHA-256", Files.readAllBytes(file)), e.actual());
        assertTrue(e.getMessage().startsWith("checksum mismatch uploading"), e.getMessage());
    }

    @Test
    void uploadOfAMissingFileSaysSo() {
        ImageRepoException e = assertThrows(ImageRepoException.class,
                () -> client.images().upload("x", tmp.resolve("missing.img")));
        assertEquals("no such file: " + tmp.resolve("missing.img"), e.getMessage());
        assertTrue(stub.requests.isEmpty(), "nothing sent");
    }

    @Test
    void uploadOfAnEmptyFileWorks() throws IOException {
        String id = client.images().register(NewImage.builder().build()).imgId();
        Path file = Files.write(tmp.resolve("empty.img"), new byte[0]);
        UploadResult r = client.images().upload(id, file);
        assertEquals(0, r.size());
        assertEquals(StubImageRepo.hex("SHA-256", new byte[0]), r.sha256());
    }

    @Test
    void downloadWritesTheVerifiedBytesAndLeavesNoTemporaryFile() throws IOException {
        byte[] data = randomBytes(2 * 1024 * 1024 + 5);
        String id = stub.seed("img", "ubuntu", List.of(), data).get("imgId").asText();
        Path target = tmp.resolve("out.img");
        AtomicLong last = new AtomicLong();

        Path p = client.images().download(id, target, (done, total) -> last.set(done));

        assertEquals(target, p);
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(data.length, last.get());
        assertEquals(List.of(target), listDir(tmp));
    }

    @Test
    void anImageIsFoundAndDownloadedByItsUri() throws IOException {
        byte[] data = randomBytes(10_000);
        String id = stub.seed("img", "ubuntu", List.of(), data).get("imgId").asText();
        String uri = "fs://images/" + id;

        assertEquals(id, client.images().showAt(uri).imgId());
        Path target = tmp.resolve("by-uri.img");
        client.images().downloadAt(uri, target, ProgressListener.NONE);

        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals("/api/v1/files", stub.last("GET").path());
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> client.images().showAt("fs://images/nothing"));
        assertTrue(missing.getMessage().contains("fs://images/nothing"), missing.getMessage());
    }

    @Test
    void aCopyInAnotherStoreIsListedAndServesDownloads() throws IOException {
        byte[] data = randomBytes(100_000);
        String id = stub.seed("img", "ubuntu", List.of(), data).get("imgId").asText();

        CopyResult copy = client.images().copy(id, "s3", Duration.ofSeconds(10));

        assertEquals("s3", copy.store());
        assertEquals(List.of("fs://images/" + id, copy.location()), client.images().show(id).locations());
        Path target = tmp.resolve("from-s3.img");
        client.images().download(id, target, "s3", ProgressListener.NONE);
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals("store=s3", stub.last("GET").rawQuery());
    }

    @Test
    void aCopyIntoAnUnknownStoreAndADownloadFromAStoreWithoutACopyAreRefused() throws IOException {
        String id = stub.seed("img", "ubuntu", List.of(), randomBytes(10)).get("imgId").asText();

        BadRequestException unknown = assertThrows(BadRequestException.class,
                () -> client.images().copy(id, "tape", Duration.ofSeconds(1)));
        assertTrue(unknown.getMessage().contains("unknown store 'tape'"), unknown.getMessage());
        ConflictException noCopy = assertThrows(ConflictException.class,
                () -> client.images().download(id, tmp.resolve("x.img"), "s3", ProgressListener.NONE));
        assertTrue(noCopy.getMessage().contains("no copy in s3"), noCopy.getMessage());
        assertEquals(List.of(), listDir(tmp));
    }

    @Test
    void downloadWithAChecksumMismatchKeepsNothingAndLeavesAnExistingTargetAlone() throws IOException {
        byte[] data = randomBytes(100_000);
        String id = stub.seed("img", "ubuntu", List.of(), data).get("imgId").asText();
        stub.corruptDownloads = true;
        Path target = Files.writeString(tmp.resolve("out.img"), "old content");

        ChecksumMismatchException e = assertThrows(ChecksumMismatchException.class,
                () -> client.images().download(id, target));

        assertEquals(StubImageRepo.hex("SHA-256", data), e.expected());
        assertEquals("old content", Files.readString(target));
        assertEquals(List.of(target), listDir(tmp), "no temporary file left behind");
    }

    @Test
    void awaitAvailablePollsUntilTheImageIsAvailable() throws IOException {
        String id = client.images().register(NewImage.builder().build()).imgId();
        client.images().upload(id, Files.write(tmp.resolve("f"), randomBytes(10)));
        stub.pendingPolls = 3;
        String id2 = client.images().register(NewImage.builder().build()).imgId();
        client.images().upload(id2, Files.write(tmp.resolve("g"), randomBytes(10)));

        assertEquals("available", client.images().awaitAvailable(id, Duration.ofSeconds(5)).imgStatus());
        assertEquals("available", client.images().awaitAvailable(id2, Duration.ofSeconds(5)).imgStatus());
        assertTrue(stub.requests.stream().filter(r -> r.method().equals("GET") && r.path().endsWith(id2)).count() >= 4);
    }

    @Test
    void awaitAvailableTimesOutOrReportsAFailedUpload() throws IOException {
        String pending = client.images().register(NewImage.builder().build()).imgId();
        ImageRepoException timeout = assertThrows(ImageRepoException.class,
                () -> client.images().awaitAvailable(pending, Duration.ofMillis(100)));
        assertEquals(ImageRepoException.Kind.TIMEOUT, timeout.kind());
        assertEquals("image " + pending + " is still pending after 100ms", timeout.getMessage());

        stub.failUploads = true;
        String failing = client.images().register(NewImage.builder().build()).imgId();
        client.images().upload(failing, Files.write(tmp.resolve("f"), randomBytes(10)));
        ImageRepoException failed = assertThrows(ImageRepoException.class,
                () -> client.images().awaitAvailable(failing, Duration.ofSeconds(5)));
        assertEquals(ImageRepoException.Kind.IMAGE_FAILED, failed.kind());
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
    void withoutATokenSourceRequestsCarryNoTokenAndA401IsAnUnauthorizedException() {
        ImageRepoClient anonymous = ImageRepoClient.builder().baseUri(stub.url()).build();

        UnauthorizedException e = assertThrows(UnauthorizedException.class, anonymous.images()::list);

        assertEquals("missing bearer token", e.getMessage());
        assertEquals(401, e.status());
        assertEquals(ImageRepoException.Kind.UNAUTHORIZED, e.kind());
        assertNull(stub.last("GET").header("Authorization"));
    }

    @Test
    void theTokenSourceIsAskedForEveryRequestSoThatItCanRenewTheToken() {
        String first = stub.issue("alice").accessToken();
        String second = stub.issue("alice").accessToken();
        java.util.Iterator<String> tokens = List.of(first, second).iterator();
        ImageRepoClient c = ImageRepoClient.builder().baseUri(stub.url()).tokens(tokens::next).build();

        c.images().list();
        c.images().list();

        assertEquals(List.of("Bearer " + first, "Bearer " + second), stub.requests.stream()
                .map(r -> r.header("Authorization")).toList());
    }

    @Test
    void aTokenSourceThatRefusesStopsTheRequestBeforeItIsSent() {
        ImageRepoClient c = ImageRepoClient.builder().baseUri(stub.url())
                .tokens(() -> {
                    throw new UnauthorizedException(CachedTokenSource.NOT_SIGNED_IN);
                }).build();

        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> c.images().show("x"));

        assertEquals("Not signed in: run imagerepo login", e.getMessage());
        assertTrue(stub.requests.isEmpty());
    }

    @Test
    void anExpiredOrUnknownTokenIsAnUnauthorizedExceptionWithTheGatewaysDetail() {
        stub.expireAccessTokens();
        UnauthorizedException expired = assertThrows(UnauthorizedException.class, client.users()::whoami);
        ImageRepoClient forged = ImageRepoClient.create(URI.create(stub.url()), TokenSource.of("forged"));
        UnauthorizedException unknown = assertThrows(UnauthorizedException.class, forged.users()::whoami);

        assertEquals("the access token has expired", expired.getMessage());
        assertEquals("the access token is not valid", unknown.getMessage());
    }

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

    @Test
    void whoamiReadsTheCallersRecord() {
        User me = client.users().whoami();

        assertEquals("/api/v1/users/me", stub.last("GET").path());
        assertEquals("alice", me.username());
        assertEquals("admin", me.role());
        assertTrue(me.isAdmin());
        assertTrue(me.isActivated());
        assertEquals(8 * StubImageRepo.GIB, me.quota());
        assertEquals(0L, me.usedBytes());
        assertEquals(Instant.parse("2026-11-30T09:00:00Z"), me.createdAt());
        assertNull(me.lastSignIn());
    }

    @Test
    void aPendingUserMayOnlyLearnWhyTheyAreRefused() {
        ImageRepoClient carol = ImageRepoClient.create(URI.create(stub.url()),
                TokenSource.of(stub.issue("carol").accessToken()));

        User me = carol.users().whoami();
        ForbiddenException e = assertThrows(ForbiddenException.class, carol.images()::list);

        assertEquals("pending", me.status());
        assertFalse(me.isActivated());
        assertEquals(403, e.status());
        assertEquals(ImageRepoException.Kind.FORBIDDEN, e.kind());
        assertTrue(e.getMessage().startsWith("your account is pending"), e.getMessage());
    }

    @Test
    void adminsListAddChangeAndRemoveUsers() throws IOException {
        UserList all = client.users().list();
        assertEquals(4, all.count());
        assertEquals(List.of("alice", "bob", "carol", "dave"), all.users().stream().map(User::username).toList());

        User erin = client.users().add(new NewUser("erin", "user", "activated", 500L * 1024 * 1024));
        StubImageRepo.Recorded post = stub.last("POST");
        assertEquals("/api/v1/users", post.path());
        assertEquals("{\"username\":\"erin\",\"role\":\"user\",\"status\":\"activated\",\"quota\":524288000}",
                post.bodyText());
        assertEquals("erin", erin.username());
        assertEquals(524288000L, erin.quota());

        client.users().add(NewUser.named("frank"));
        assertEquals("{\"username\":\"frank\"}", stub.last("POST").bodyText(), "defaults are the server's");

        User changed = client.users().update("erin", UserUpdate.quota(2 * StubImageRepo.GIB));
        StubImageRepo.Recorded patch = stub.last("PATCH");
        assertEquals("/api/v1/users/erin", patch.path());
        assertEquals("{\"quota\":2147483648}", patch.bodyText());
        assertEquals(2 * StubImageRepo.GIB, changed.quota());
        assertEquals("admin", client.users().update("erin", UserUpdate.role("admin")).role());
        assertEquals("{\"role\":\"admin\"}", stub.last("PATCH").bodyText());
        assertEquals("deactivated", client.users().update("erin", UserUpdate.status("deactivated")).status());
        assertEquals("{\"status\":\"deactivated\"}", stub.last("PATCH").bodyText());
        assertEquals("deactivated", client.users().show("erin").status());

        client.users().remove("erin");
        assertEquals("/api/v1/users/erin", stub.last("DELETE").path());
        NotFoundException gone = assertThrows(NotFoundException.class, () -> client.users().show("erin"));
        assertEquals("user erin not found", gone.getMessage());
        assertThrows(ConflictException.class, () -> client.users().add(NewUser.named("bob")));
        assertThrows(BadRequestException.class, () -> client.users().update("bob", UserUpdate.role("root")));
    }

    @Test
    void aUserWhoIsNotAnAdminIsForbiddenTheAdminRoutes() {
        ImageRepoClient bob = ImageRepoClient.create(URI.create(stub.url()),
                TokenSource.of(stub.issue("bob").accessToken()));

        ForbiddenException list = assertThrows(ForbiddenException.class, bob.users()::list);
        ForbiddenException add = assertThrows(ForbiddenException.class, () -> bob.users().add(NewUser.named("x")));

        assertEquals("only an administrator may list or add users", list.getMessage());
        assertEquals(403, add.status());
        assertEquals("bob", bob.users().show("bob").username(), "a user may read their own record");
        assertFalse(stub.users.containsKey("x"));
    }

    @Test
    void userNamesAreEncodedInThePath() {
        stub.addUser("o'brien jr", "user", "activated", 1);
        assertEquals("o'brien jr", client.users().show("o'brien jr").username());
        assertEquals("/api/v1/users/o%27brien%20jr", stub.last("GET").path());
        assertThrows(BadRequestException.class, () -> client.users().show(" "));
    }

    // ------------------------------------------------------------------------------------------------ sharing

    @Test
    void setPermissionPatchesThePermission() throws IOException {
        String id = stub.seed("a", "ubuntu", List.of(), null).get("imgId").asText();

        Image img = client.sharing().setPermission(id, Image.PERMISSION_PUBLIC);

        assertEquals("{\"permission\":\"public\"}", stub.last("PATCH").bodyText());
        assertEquals("public", img.permission());
    }

    @Test
    void shareAndUnshareSendOneIdempotentRequestPerName() {
        String id = stub.seed("a", "ubuntu", List.of(), null).get("imgId").asText();

        Image shared = client.sharing().share(id, List.of("bob", "carol"), List.of("physics"));

        assertEquals(List.of("PUT /api/v1/images/" + id + "/shares/users/bob",
                        "PUT /api/v1/images/" + id + "/shares/users/carol",
                        "PUT /api/v1/images/" + id + "/shares/groups/physics"),
                stub.requests.stream().map(r -> r.method() + " " + r.path()).toList());
        assertEquals(List.of("bob", "carol"), shared.sharedUsers());
        assertEquals(List.of("physics"), shared.sharedGroups());

        Image after = client.sharing().unshare(id, List.of("carol"), List.of());

        assertEquals("DELETE", stub.last("DELETE").method());
        assertEquals("/api/v1/images/" + id + "/shares/users/carol", stub.last("DELETE").path());
        assertEquals(List.of("bob"), after.sharedUsers());
        assertEquals(List.of("physics"), after.sharedGroups());
        assertThrows(IllegalArgumentException.class, () -> client.sharing().share(id, List.of(), null));
    }

    @Test
    void onlyTheOwnerOrAnAdminMayShare() {
        String id = stub.seed("a", "ubuntu", List.of(), null).get("imgId").asText();
        ImageRepoClient bob = ImageRepoClient.create(URI.create(stub.url()),
                TokenSource.of(stub.issue("bob").accessToken()));

        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> bob.sharing().share(id, List.of("bob"), List.of()));

        assertEquals("only the owner or an administrator may share image " + id, e.getMessage());
    }

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
