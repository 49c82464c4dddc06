package org.imagerepo.e2e;

import org.imagerepo.client.AuthConfig;
import org.imagerepo.client.BadRequestException;
import org.imagerepo.client.ConflictException;
import org.imagerepo.client.CopyResult;
import org.imagerepo.client.Credentials;
import org.imagerepo.client.CredentialsStore;
import org.imagerepo.client.ForbiddenException;
import org.imagerepo.client.Image;
import org.imagerepo.client.ImageRepoClient;
import org.imagerepo.client.ImageRepoException;
import org.imagerepo.client.NewImage;
import org.imagerepo.client.NewUser;
import org.imagerepo.client.NotFoundException;
import org.imagerepo.client.OidcLogin;
import org.imagerepo.client.ProgressListener;
import org.imagerepo.client.QueryResult;
import org.imagerepo.client.QuotaExceededException;
import org.imagerepo.client.TokenSource;
import org.imagerepo.client.UnauthorizedException;
import org.imagerepo.client.UploadResult;
import org.imagerepo.client.User;
import org.imagerepo.client.UserUpdate;
import org.imagerepo.client.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.e2e.TestFiles.randomFile;
import static org.imagerepo.e2e.TestFiles.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java client against the real API (ADR 20): the behaviour its unit tests once asked of a hand-written stub —
 * registering, querying, modifying, removing, uploading and downloading, copies, sharing, users and their statuses,
 * refusals as typed exceptions — asked of the services behind the gateway of one stack. The client's own logic
 * (wire format, redirects, progress, problem decoding) stays in its unit tests.
 */
@ExtendWith(Stack.WithSecondStore.class)
class ClientApiIT {

    private static final String SECOND_STORE = Stack.WithSecondStore.STORE;
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    static Path files;

    /** A client signed in as the demo user {@code user} (a token of the realm's CLI client). */
    static ImageRepoClient as(String user) throws IOException, InterruptedException {
        return ImageRepoClient.builder().baseUri(Stack.GATEWAY)
                .tokens(TokenSource.of(Tokens.password("imagerepo-cli", user))).pollInterval(Duration.ofMillis(100))
                .build();
    }

    private static Image registered(ImageRepoClient client, String name) {
        return client.images().register(NewImage.builder().name(name + "-" + RUN).os("ubuntu").build());
    }

    private static Image uploaded(ImageRepoClient client, String name, long size) throws IOException {
        Image image = registered(client, name);
        client.images().upload(image.imgId(), randomFile(files, name + ".img", size));
        return client.images().awaitAvailable(image.imgId(), Duration.ofSeconds(30));
    }

    // ------------------------------------------------------------------------------------------------ images

    @Test
    void registerReturnsTheImageWithTheRepositorysDefaults() throws Exception {
        Image img = as("alice").images().register(NewImage.builder().name("u22-" + RUN).os("ubuntu")
                .tag("hadoop", "mpi").vmType("kvm").arch("x86_64").diskFormat("qcow2").build());

        assertEquals(36, img.imgId().length());
        assertEquals("alice", img.owner());
        assertEquals("ubuntu", img.os());
        assertEquals(List.of("hadoop", "mpi"), img.tag());
        assertEquals("kvm", img.vmType());
        assertEquals("machine", img.imgType());
        assertEquals("private", img.permission());
        assertEquals("pending", img.imgStatus());
        assertNotNull(img.createdDate());
        assertNull(img.lastAccess());
        assertEquals(0L, img.accessCount());
    }

    @Test
    void aMissingImageIsNotFoundWithTheProblemsTypeAndDetail() throws Exception {
        NotFoundException e = assertThrows(NotFoundException.class, () -> as("alice").images().show("nope-" + RUN));
        assertEquals(404, e.status());
        assertEquals(URI.create("https://imagerepo.org/problems/not-found"), e.type());
        assertEquals(ImageRepoException.Kind.NOT_FOUND, e.kind());
        assertTrue(e.getMessage().contains("nope-" + RUN), e.getMessage());
    }

    @Test
    void aSystemFieldIsABadRequestAndAnImageWithoutBytesAConflict() throws Exception {
        ImageRepoClient alice = as("alice");
        String id = registered(alice, "a").imgId();

        BadRequestException bad = assertThrows(BadRequestException.class,
                () -> alice.images().modify(id, Map.of("owner", "mallory")));
        ConflictException conflict = assertThrows(ConflictException.class,
                () -> alice.images().download(id, files.resolve("x-" + RUN)));

        assertEquals(URI.create("https://imagerepo.org/problems/system-field"), bad.type());
        assertEquals(URI.create("https://imagerepo.org/problems/no-bytes"), conflict.type());
        assertEquals(409, conflict.status());
        assertFalse(Files.exists(files.resolve("x-" + RUN)));
    }

    @Test
    void aQueryReturnsOnlyTheProjectedFieldsOfTheMatchingImages() throws Exception {
        ImageRepoClient alice = as("alice");
        alice.images().register(NewImage.builder().name("u22-" + RUN).os("ubuntu").tag("hadoop-" + RUN).build());
        alice.images().register(NewImage.builder().name("c7-" + RUN).os("centos").tag("mpi-" + RUN).build());

        QueryResult r = alice.images().query("name,os where tag=hadoop-" + RUN, 10, 0);

        assertEquals(List.of("name", "os"), r.fields());
        assertEquals(1, r.count());
        assertEquals(Map.of("name", "u22-" + RUN, "os", "ubuntu"), r.images().get(0));
        assertNull(r.asImages().get(0).imgId());
        QueryResult listed = alice.images().list();
        assertTrue(listed.fields().containsAll(List.of("imgId", "name", "owner", "imgStatus")),
                listed.fields().toString());
        assertTrue(listed.asImages().stream().anyMatch(i -> ("c7-" + RUN).equals(i.name())));
        BadRequestException malformed = assertThrows(BadRequestException.class,
                () -> alice.images().query("where os=x"));
        assertEquals(URI.create("https://imagerepo.org/problems/invalid-query"), malformed.type());
    }

    @Test
    void modifyChangesTheFieldsGivenAndRemoveForgetsTheImage() throws Exception {
        ImageRepoClient alice = as("alice");
        String id = registered(alice, "m").imgId();

        Image img = alice.images().modify(id, Map.of("os", "centos", "tag", List.of("a", "b")));
        assertEquals("centos", img.os());
        assertEquals(List.of("a", "b"), img.tag());

        alice.images().remove(id);
        assertThrows(NotFoundException.class, () -> alice.images().show(id));
        assertThrows(NotFoundException.class, () -> alice.images().remove(id));
    }

    @Test
    void anUploadIsStoredWithItsChecksumsReportedAsItGoesAndComesBackVerified() throws Exception {
        ImageRepoClient alice = as("alice");
        String id = registered(alice, "big").imgId();
        Path file = randomFile(files, "big-" + RUN + ".img", 3 * 1024 * 1024 + 17);
        List<long[]> progress = new ArrayList<>();

        UploadResult r = alice.images().upload(id, file, (done, total) -> progress.add(new long[]{done, total}));

        assertEquals(sha256(file), r.sha256());
        assertEquals(Files.size(file), r.size());
        assertTrue(progress.size() > 2, "several progress reports");
        assertEquals(Files.size(file), progress.get(progress.size() - 1)[0]);
        Image available = alice.images().awaitAvailable(id, Duration.ofSeconds(30));
        assertEquals("available", available.imgStatus());
        assertEquals(r.sha256(), available.sha256());

        Path target = files.resolve("out-" + RUN + ".img");
        long[] last = {0};
        assertEquals(target, alice.images().download(id, target, (done, total) -> last[0] = done));
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(target));
        assertEquals(Files.size(file), last[0]);
        try (var written = Files.list(files)) {
            assertEquals(List.of(target), written.filter(p -> p.getFileName().toString().contains("out-" + RUN))
                    .toList(), "no temporary file left behind");
        }
    }

    @Test
    void anEmptyFileIsAnImageToo() throws Exception {
        ImageRepoClient alice = as("alice");
        String id = registered(alice, "empty").imgId();
        UploadResult r = alice.images().upload(id, Files.write(files.resolve("empty-" + RUN + ".img"), new byte[0]));
        assertEquals(0, r.size());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", r.sha256());
    }

    @Test
    void awaitAvailableTimesOutOnAnImageThatNeverGetsItsBytes() throws Exception {
        ImageRepoClient alice = as("alice");
        String pending = registered(alice, "pending").imgId();
        ImageRepoException timeout = assertThrows(ImageRepoException.class,
                () -> alice.images().awaitAvailable(pending, Duration.ofMillis(300)));
        assertEquals(ImageRepoException.Kind.TIMEOUT, timeout.kind());
        assertEquals("image " + pending + " is still pending after 300ms", timeout.getMessage());
    }

    @Test
    void anImageIsFoundAndDownloadedByItsUri() throws Exception {
        ImageRepoClient alice = as("alice");
        Image image = uploaded(alice, "by-uri", 10_000);

        assertEquals(image.imgId(), alice.images().showAt(image.imgURI()).imgId());
        Path target = files.resolve("by-uri-" + RUN + ".img");
        alice.images().downloadAt(image.imgURI(), target, ProgressListener.NONE);
        assertEquals(image.sha256(), sha256(target));
        assertThrows(NotFoundException.class, () -> alice.images().showAt("fs:///zz/nothing-" + RUN));
    }

    @Test
    void aCopyInAnotherStoreIsListedServesDownloadsVerifiesAndCanBeRemoved() throws Exception {
        ImageRepoClient alice = as("alice");
        Image image = uploaded(alice, "copied", 100_000);

        CopyResult copy = alice.images().copy(image.imgId(), SECOND_STORE, Duration.ofSeconds(30));

        assertEquals(SECOND_STORE, copy.store());
        assertEquals(List.of(image.imgURI(), copy.location()), alice.images().show(image.imgId()).locations());
        Path target = files.resolve("from-fs-" + RUN + ".img");
        alice.images().download(image.imgId(), target, SECOND_STORE, ProgressListener.NONE);
        assertEquals(image.sha256(), sha256(target));
        Verification verified = alice.images().verify(image.imgId());
        assertTrue(verified.ok());
        assertEquals(2, verified.locations().size());

        alice.images().removeLocation(image.imgId(), copy.location());
        // The catalog hears of the removed copy by an event (BlobRemoved).
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertEquals(List.of(image.imgURI()), alice.images().show(image.imgId()).locations()));
        ConflictException last = assertThrows(ConflictException.class,
                () -> alice.images().removeLocation(image.imgId(), image.imgURI()));
        assertEquals(URI.create("https://imagerepo.org/problems/last-copy"), last.type());
        assertThrows(NotFoundException.class, () -> alice.images().removeLocation(image.imgId(), "fs:///zz/none"));
    }

    @Test
    void aCopyIntoAnUnknownStoreAndADownloadFromAStoreWithoutACopyAreRefused() throws Exception {
        ImageRepoClient alice = as("alice");
        String id = uploaded(alice, "one-copy", 10).imgId();

        BadRequestException unknown = assertThrows(BadRequestException.class,
                () -> alice.images().copy(id, "tape", Duration.ofSeconds(5)));
        NotFoundException noCopy = assertThrows(NotFoundException.class,
                () -> alice.images().download(id, files.resolve("none-" + RUN + ".img"), SECOND_STORE,
                        ProgressListener.NONE));

        assertEquals(URI.create("https://imagerepo.org/problems/unknown-store"), unknown.type());
        assertTrue(noCopy.getMessage().contains("no copy in the '" + SECOND_STORE + "' store"), noCopy.getMessage());
        assertFalse(Files.exists(files.resolve("none-" + RUN + ".img")));
    }

    @Test
    void anUploadOverQuotaIsAQuotaExceededExceptionWithTheNumbersAndLeavesNothing() throws Exception {
        ImageRepoClient ada = as("ada");
        ImageRepoClient gina = as("gina");
        gina.users().whoami();
        ada.users().update("gina", UserUpdate.quota(1000));
        try {
            String id = registered(gina, "too-big").imgId();
            QuotaExceededException e = assertThrows(QuotaExceededException.class,
                    () -> gina.images().upload(id, randomFile(files, "too-big-" + RUN + ".img", 5000)));
            assertEquals(413, e.status());
            assertEquals(1000L, e.quota());
            assertEquals(5000L, e.requestedBytes());
            assertEquals("pending", gina.images().show(id).imgStatus());
        } finally {
            ada.users().update("gina", UserUpdate.quota(8L << 30));
        }
    }

    /**
     * The client README's first program, taken from the README itself, compiled and run in its own JVM, signed in as
     * {@code imagerepo login} leaves it: the example cannot drift from the API.
     */
    @Test
    void theReadmesFirstProgramUploadsAndQueries() throws Exception {
        Matcher m = Pattern.compile("## A first program.*?```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(Stack.ROOT.resolve("client/README.md")));
        assertTrue(m.find(), "client/README.md has a section 'A first program' with a java block");
        Path source = Files.createDirectories(files.resolve("readme/src")).resolve("FirstProgram.java");
        Files.writeString(source, m.group(1));
        Path classes = Files.createDirectories(files.resolve("readme/classes"));
        String classpath = System.getProperty("java.class.path");
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, diagnostics, diagnostics, "-cp", classpath,
                "-d", classes.toString(), source.toString());
        assertEquals(0, compiled, diagnostics.toString(StandardCharsets.UTF_8));

        Path config = files.resolve("readme/config");
        URI gateway = URI.create(Stack.GATEWAY);
        OidcLogin oidc = OidcLogin.create();
        AuthConfig auth = oidc.discover(gateway);
        new CredentialsStore(config).save(Credentials.of(gateway, auth, oidc.password(auth, "erin",
                Stack.password("erin").toCharArray())));
        Path disk = Files.write(files.resolve("readme/disk.img"), new byte[300_000]);

        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classes + File.pathSeparator + classpath,
                "FirstProgram", Stack.GATEWAY, disk.toString())
                .redirectError(files.resolve("readme/stderr.txt").toFile());
        pb.environment().put(CredentialsStore.ENV_CONFIG_DIR, config.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the program ended");
        String err = Files.readString(files.resolve("readme/stderr.txt"));
        assertEquals(0, p.exitValue(), out + err);
        assertTrue(out.lines().anyMatch(l -> l.matches("[0-9a-f-]{36}  ubuntu-22.04  300000 bytes  available")), out);
        assertTrue(err.contains("300000 of 300000 bytes"), err);
    }

    // ------------------------------------------------------------------------------------------------ identity

    @Test
    void withoutATokenOrWithAForgedOneTheGatewaysRefusalIsAnUnauthorizedException() {
        ImageRepoClient anonymous = ImageRepoClient.builder().baseUri(Stack.GATEWAY).build();
        ImageRepoClient forged = ImageRepoClient.create(URI.create(Stack.GATEWAY), TokenSource.of("forged"));

        UnauthorizedException none = assertThrows(UnauthorizedException.class, anonymous.images()::list);
        UnauthorizedException unknown = assertThrows(UnauthorizedException.class, forged.users()::whoami);

        assertEquals(401, none.status());
        assertEquals(ImageRepoException.Kind.UNAUTHORIZED, none.kind());
        assertEquals(URI.create("https://imagerepo.org/problems/missing-token"), none.type());
        assertEquals(URI.create("https://imagerepo.org/problems/malformed-token"), unknown.type());
        assertFalse(unknown.getMessage().isBlank());
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void whoamiReadsTheCallersRecord() throws Exception {
        User me = as("alice").users().whoami();
        assertEquals("alice", me.username());
        assertEquals("user", me.role());
        assertTrue(me.isActivated());
        assertTrue(me.quota() > 0);
        assertNotNull(me.createdAt());
        assertTrue(as("ada").users().whoami().isAdmin());
    }

    @Test
    void aPendingUserMayOnlyLearnWhyTheyAreRefused() throws Exception {
        ImageRepoClient ada = as("ada");
        ImageRepoClient dave = as("dave");
        dave.users().whoami();
        ada.users().update("dave", UserUpdate.status("pending"));
        try {
            // The gateway keeps a user's record for a moment (imagerepo.gateway.user-cache-ttl).
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                ForbiddenException e = assertThrows(ForbiddenException.class, dave.images()::list);
                assertEquals(URI.create("https://imagerepo.org/problems/account-pending"), e.type());
            });
            User me = dave.users().whoami();
            assertEquals("pending", me.status());
            assertFalse(me.isActivated());
        } finally {
            ada.users().update("dave", UserUpdate.status("activated"));
        }
    }

    @Test
    void adminsAddChangeListAndRemoveUsers() throws Exception {
        ImageRepoClient ada = as("ada");
        String name = "contract-" + RUN;

        User added = ada.users().add(new NewUser(name, "user", "activated", 500L * 1024 * 1024));
        assertEquals(name, added.username());
        assertEquals(524288000L, added.quota());
        assertTrue(ada.users().list().users().stream().anyMatch(u -> u.username().equals(name)));
        assertEquals(2L << 30, ada.users().update(name, UserUpdate.quota(2L << 30)).quota());
        assertEquals("admin", ada.users().update(name, UserUpdate.role("admin")).role());
        assertEquals("deactivated", ada.users().update(name, UserUpdate.status("deactivated")).status());
        assertEquals("deactivated", ada.users().show(name).status());
        assertThrows(ConflictException.class, () -> ada.users().add(NewUser.named(name)));
        assertThrows(BadRequestException.class, () -> ada.users().update(name, UserUpdate.role("root")));

        ada.users().remove(name);
        assertThrows(NotFoundException.class, () -> ada.users().show(name));
        User defaulted = ada.users().add(NewUser.named(name + "-d"));
        assertEquals("user", defaulted.role(), "defaults are the server's");
        assertTrue(defaulted.quota() > 0, "defaults are the server's");
        ada.users().remove(name + "-d");
    }

    @Test
    void aUserWhoIsNotAnAdminIsForbiddenTheAdminRoutesButReadsTheirOwnRecord() throws Exception {
        ImageRepoClient bob = as("bob");
        ForbiddenException list = assertThrows(ForbiddenException.class, bob.users()::list);
        ForbiddenException add = assertThrows(ForbiddenException.class,
                () -> bob.users().add(NewUser.named("x-" + RUN)));
        assertEquals(403, list.status());
        assertEquals(URI.create("https://imagerepo.org/problems/forbidden"), add.type());
        assertEquals("bob", bob.users().show("bob").username());
    }

    @Test
    void userNamesAreEncodedInThePath() throws Exception {
        NotFoundException e = assertThrows(NotFoundException.class, () -> as("ada").users().show("o'brien jr-" + RUN));
        assertTrue(e.getMessage().contains("o'brien jr-" + RUN), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ sharing

    @Test
    void permissionAndSharesAreSetByTheOwnerAndSeenByOthers() throws Exception {
        ImageRepoClient alice = as("alice");
        ImageRepoClient carol = as("carol");
        String id = registered(alice, "shared").imgId();
        assertThrows(NotFoundException.class, () -> carol.images().show(id), "private to alice");

        Image shared = alice.sharing().share(id, List.of("bob", "carol"), List.of("mpi-lab"));
        assertEquals(List.of("bob", "carol"), shared.sharedUsers());
        assertEquals(List.of("mpi-lab"), shared.sharedGroups());
        assertEquals(id, carol.images().show(id).imgId());

        Image after = alice.sharing().unshare(id, List.of("carol"), List.of("mpi-lab"));
        assertEquals(List.of("bob"), after.sharedUsers());
        assertEquals(List.of(), after.sharedGroups());
        assertThrows(NotFoundException.class, () -> carol.images().show(id));

        assertEquals("public", alice.sharing().setPermission(id, Image.PERMISSION_PUBLIC).permission());
        assertEquals(id, carol.images().show(id).imgId());
        ForbiddenException e = assertThrows(ForbiddenException.class,
                () -> carol.sharing().share(id, List.of("carol"), List.of()));
        assertEquals(URI.create("https://imagerepo.org/problems/forbidden"), e.type());
    }
}
