package org.imagerepo.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token cache file and the token source that reads, refreshes and rewrites it. */
class CachedTokenSourceTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private StubKeycloak stub;
    private URI gateway;
    private CredentialsStore store;
    private OidcLogin oidc;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws IOException {
        stub = new StubKeycloak();
        gateway = URI.create(stub.url());
        store = new CredentialsStore(tmp.resolve("config/imagerepo"));
        oidc = OidcLogin.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Credentials signIn(String user) {
        AuthConfig auth = oidc.discover(gateway);
        return Credentials.of(gateway, auth, oidc.password(auth, user, (user + "-secret").toCharArray()));
    }

    /** A source whose clock reads {@code now}, refreshing through a provider client with the same clock. */
    private CachedTokenSource source(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        return new CachedTokenSource(gateway, store, OidcLogin.builder().clock(clock).build(), clock);
    }

    // ------------------------------------------------------------------------------------------------ the file

    @Test
    void theFileIsCreatedReadableByItsOwnerOnlyInAFolderOnlyTheOwnerCanEnter() throws IOException {
        Credentials c = signIn("alice");

        store.save(c);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.directory())));
        assertEquals(tmp.resolve("config/imagerepo/credentials.json"), store.file());
        String text = Files.readString(store.file());
        for (String field : List.of("\"url\" : \"" + stub.url() + "\"", "\"issuer\"", "\"clientId\" : \"imagerepo-cli\"",
                "\"accessToken\" : \"" + c.accessToken() + "\"", "\"refreshToken\" : \"" + c.refreshToken() + "\"",
                "\"accessTokenExpiresAt\" : \"2026-12-01T12:05:00Z\"",
                "\"refreshTokenExpiresAt\" : \"2026-12-01T12:30:00Z\"", "\"username\" : \"alice\"")) {
            assertTrue(text.contains(field), field + " in " + text);
        }
        assertEquals(c, store.load().orElseThrow());
    }

    @Test
    void aRewriteReplacesAFileOthersCouldReadAndLeavesNoTemporaryFile() throws IOException {
        Files.createDirectories(store.directory());
        Files.writeString(store.file(), "{}");
        Files.setPosixFilePermissions(store.file(), PosixFilePermissions.fromString("rw-r--r--"));

        store.save(signIn("alice"));

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        try (Stream<Path> files = Files.list(store.directory())) {
            assertEquals(List.of(store.file()), files.toList());
        }
    }

    @Test
    void aDamagedFileSaysHowToRecover() throws IOException {
        Files.createDirectories(store.directory());
        Files.writeString(store.file(), "{not json");

        ImageRepoException e = assertThrows(ImageRepoException.class, () -> store.load());

        assertTrue(e.getMessage().startsWith(store.file() + " is damaged"), e.getMessage());
        assertTrue(e.getMessage().endsWith("sign in again with: imagerepo login"), e.getMessage());
    }

    @Test
    void deleteForgetsTheSignIn() {
        store.save(signIn("alice"));

        assertTrue(store.delete());

        assertFalse(Files.exists(store.file()));
        assertTrue(store.load().isEmpty());
        assertFalse(store.delete(), "nothing left to delete");
    }

    @Test
    void theFolderComesFromImagerepoConfigDirThenXdgConfigHomeThenTheHomeFolder() {
        assertEquals(Path.of("/etc/ir"), CredentialsStore.defaultDirectory(
                Map.of("IMAGEREPO_CONFIG_DIR", "/etc/ir", "XDG_CONFIG_HOME", "/x"), "/home/a"));
        assertEquals(Path.of("/x/imagerepo"), CredentialsStore.defaultDirectory(Map.of("XDG_CONFIG_HOME", "/x"), "/home/a"));
        assertEquals(Path.of("/home/a/.config/imagerepo"), CredentialsStore.defaultDirectory(
                Map.of("XDG_CONFIG_HOME", "relative/is/ignored"), "/home/a"));
        assertEquals(Path.of("/home/a/.config/imagerepo"), CredentialsStore.defaultDirectory(Map.of(), "/home/a"));
    }

    // ------------------------------------------------------------------------------------------------ the source

    @Test
    void aFreshTokenIsSentAsSavedWithoutAskingTheProvider() {
        Credentials c = signIn("alice");
        store.save(c);
        int before = stub.requests().size();

        String token = source(NOW.plusSeconds(60)).accessToken();

        assertEquals(c.accessToken(), token);
        assertEquals(before, stub.requests().size(), "no refresh");
    }

    @Test
    void aTokenThatExpiresWithin30SecondsIsRefreshedOnceAndTheFileRewritten() throws IOException {
        Credentials c = signIn("alice");
        store.save(c);
        CachedTokenSource source = source(NOW.plusSeconds(300 - 29));

        String first = source.accessToken();
        String second = source.accessToken();

        assertFalse(first.equals(c.accessToken()), "a new token");
        assertSame(first, second, "refreshed once, then kept");
        assertEquals(1, stub.tokenRequests("refresh_token").size());
        assertEquals(c.refreshToken(), stub.tokenRequests("refresh_token").get(0).get("refresh_token"));
        Credentials saved = store.load().orElseThrow();
        assertEquals(first, saved.accessToken());
        assertEquals(stub.url(), saved.url());
        assertEquals("alice", saved.username());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
        stub.api.answer("GET", "/api/v1/users/me", 200, CannedAnswers.USER);
        ImageRepoClient.builder().baseUri(gateway).tokens(source).build().users().whoami();
        assertEquals("Bearer " + first, stub.last("GET").header("Authorization"), "the refreshed token is sent");
    }

    @Test
    void aTokenRefreshedByAnotherProcessMeanwhileIsPickedUpFromTheFile() {
        Credentials c = signIn("alice");
        store.save(c);
        java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(
                NOW.plusSeconds(10));
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        CachedTokenSource source = new CachedTokenSource(gateway, store, oidc, moving);
        assertEquals(c.accessToken(), source.accessToken());
        Credentials elsewhere = signIn("alice");
        store.save(new Credentials(elsewhere.url(), elsewhere.issuer(), elsewhere.clientId(), elsewhere.tokenEndpoint(),
                "alice", elsewhere.accessToken(), NOW.plusSeconds(600), elsewhere.refreshToken(), null));

        now.set(NOW.plusSeconds(280));

        assertEquals(elsewhere.accessToken(), source.accessToken());
        assertEquals(0, stub.tokenRequests("refresh_token").size(), "no refresh of its own");
    }

    @Test
    void aRefusedRefreshSaysToSignInAgain() {
        store.save(signIn("alice"));
        stub.refuseRefresh = true;

        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> source(NOW.plusSeconds(400)).accessToken());

        assertEquals("Your session has expired: sign in again with: imagerepo login", e.getMessage());
        assertEquals(1, stub.tokenRequests("refresh_token").size());
    }

    @Test
    void anExpiredRefreshTokenIsNotEvenTried() {
        store.save(signIn("alice"));

        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> source(NOW.plusSeconds(1800)).accessToken());

        assertEquals(CachedTokenSource.SESSION_EXPIRED, e.getMessage());
        assertEquals(0, stub.tokenRequests("refresh_token").size());
    }

    @Test
    void withoutASavedSignInTheCallerIsToldToSignIn() {
        UnauthorizedException e = assertThrows(UnauthorizedException.class, () -> source(NOW).accessToken());

        assertEquals("Not signed in: run imagerepo login", e.getMessage());
        assertNull(e.title());
    }

    @Test
    void tokensForAnotherRepositoryAreNotSent() {
        store.save(signIn("alice"));
        URI other = URI.create("http://127.0.0.1:1");

        UnauthorizedException e = assertThrows(UnauthorizedException.class,
                () -> new CachedTokenSource(other, store, oidc, Clock.fixed(NOW, ZoneOffset.UTC)).accessToken());

        assertEquals("Signed in to " + stub.url() + ", not to http://127.0.0.1:1: run imagerepo login to sign in to "
                + "http://127.0.0.1:1 instead (tokens are kept for one repository only)", e.getMessage());
        assertTrue(new CachedTokenSource(URI.create(stub.url() + "/"), store, oidc, Clock.fixed(NOW, ZoneOffset.UTC))
                .accessToken().length() > 0, "a trailing slash is the same repository");
    }
}
