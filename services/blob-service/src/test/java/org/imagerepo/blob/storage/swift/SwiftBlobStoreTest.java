package org.imagerepo.blob.storage.swift;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreConformanceTest;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.IncompleteDataException;
import org.imagerepo.blob.storage.PatternStream;
import org.imagerepo.blob.storage.StorageConfigurationException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.OutageProxy;
import org.imagerepo.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conformance suite and Swift's own rules against the test Swift (bin/test-servers: tempauth on
 * {@code IMAGEREPO_TEST_SWIFT_AUTH_URL}). The store talks to Swift through an {@link OutageProxy}: tempauth
 * builds the storage URL from the request's Host, so object traffic goes through the relay as well.
 */
@NeedsServers
class SwiftBlobStoreTest extends BlobStoreConformanceTest {

    private static final long MIB = 1 << 20;
    private static final long SEGMENT = 8 * MIB;

    private static OutageProxy relay;
    private static SwiftAdmin admin;
    private String container;

    @BeforeAll
    static void relay() {
        URI swift = URI.create(TestServers.swiftAuthUrl());
        relay = OutageProxy.to(swift.getHost(), swift.getPort());
        admin = new SwiftAdmin();
    }

    @AfterAll
    static void closeRelay() {
        relay.close();
    }

    @Override
    protected BlobStore newStore() {
        container = "test-" + UUID.randomUUID().toString().substring(0, 13);
        return SwiftStoreProvider.create(settings(Map.of(SwiftSettings.CONTAINER, container)));
    }

    @AfterEach
    void removeContainers() {
        relay.restore();
        admin.deleteContainer(container);
        admin.deleteContainer(container + "_segments");
    }

    @Override
    protected long partialUploads() {
        return ((SwiftBlobStore) store).partialSegments();
    }

    @Override
    protected void stopServer() {
        relay.cut();
    }

    @Override
    protected void startServer() {
        relay.restore();
    }

    /** Tempauth through the relay, segments above 8 MiB, plus {@code overrides}. */
    private static SwiftSettings settings(Map<String, String> overrides) {
        URI swift = URI.create(TestServers.swiftAuthUrl());
        Map<String, String> values = new HashMap<>(Map.of(
                SwiftSettings.AUTH_URL, "http://127.0.0.1:" + relay.port() + swift.getPath(),
                SwiftSettings.USER, TestServers.swiftUser(),
                SwiftSettings.KEY, TestServers.swiftKey(),
                SwiftSettings.SEGMENT_SIZE, "8M"));
        values.putAll(overrides);
        return SwiftSettings.read(name -> Optional.ofNullable(values.get(name)));
    }

    @Test
    void locationsNameTheContainerAndKeyOnly() {
        assertEquals("swift:///" + container + "/abc-1", store.locationOf("abc-1"));
    }

    @Test
    void aLargeObjectIsStoredAsSegmentsReadWholeAndInRangesAndDeletedWithThem() throws Exception {
        long size = 2 * SEGMENT + 5;
        PatternStream source = new PatternStream(size);
        StoredObject stored = store.put("large", source, size);
        assertEquals(size, stored.size());
        assertEquals(3, admin.names(container + "_segments").size(), "three segments of at most 8 MiB");
        assertEquals(size, store.stat(stored.location()).orElseThrow().size());
        try (InputStream in = store.open(stored.location(), null)) {
            assertEquals(source.sha256(), sha256(in));
        }
        byte[] whole;
        try (InputStream in = new PatternStream(size)) {
            whole = in.readAllBytes();
        }
        for (long[] r : new long[][]{{SEGMENT - 10, SEGMENT + 10}, {0, 0}, {size - 1, size - 1}, {SEGMENT, 2 * SEGMENT}}) {
            try (InputStream in = store.open(stored.location(), new ByteRange(r[0], r[1]))) {
                assertArrayEquals(Arrays.copyOfRange(whole, (int) r[0], (int) r[1] + 1), in.readAllBytes(),
                        "range " + r[0] + "-" + r[1]);
            }
        }
        assertTrue(store.delete(stored.location()));
        assertTrue(store.stat(stored.location()).isEmpty());
        assertEquals(0, admin.names(container + "_segments").size(), "the segments went with the manifest");
    }

    @Test
    void aStreamOfUnknownSizeAboveTheSegmentSizeIsSegmented() throws Exception {
        PatternStream source = new PatternStream(SEGMENT + 1);
        StoredObject stored = store.put("unknown", source, -1);
        assertEquals(SEGMENT + 1, stored.size());
        assertEquals(2, admin.names(container + "_segments").size());
        try (InputStream in = store.open(stored.location(), null)) {
            assertEquals(source.sha256(), sha256(in));
        }
    }

    @Test
    void aCutOffSegmentedUploadLeavesNoSegments() {
        long size = 4 * SEGMENT;
        InputStream failing = new FilterInputStream(new PatternStream(size)) {
            private long sent;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent >= 2 * SEGMENT + MIB) {
                    throw new IOException("connection reset by peer");
                }
                int n = super.read(b, off, len);
                sent += Math.max(n, 0);
                return n;
            }
        };
        assertThrows(IncompleteDataException.class, () -> store.put("cut", failing, size));
        assertTrue(store.stat(store.locationOf("cut")).isEmpty());
        assertEquals(0, admin.names(container + "_segments").size(), "the two segments written were removed");
    }

    @Test
    void aTokenSwiftForgotIsRenewed() throws Exception {
        store.put("before", new ByteArrayInputStream(new byte[]{1, 2, 3}), 3);
        flushTempauthTokens();
        byte[] bytes = randomBytes(1000);
        StoredObject stored = store.put("after", new ByteArrayInputStream(bytes), bytes.length);
        try (InputStream in = store.open(stored.location(), null)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void rejectedCredentialsStopTheServiceFromStarting() {
        StorageConfigurationException e = assertThrows(StorageConfigurationException.class,
                () -> SwiftStoreProvider.create(settings(Map.of(SwiftSettings.KEY, "not-the-key"))));
        assertTrue(e.getMessage().contains(SwiftSettings.USER), e.getMessage());
    }

    @Test
    void aSwiftUnreachableAtStartupGivesAStoreThatIsNotReady() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        SwiftBlobStore unreachable = SwiftStoreProvider.create(settings(Map.of(
                SwiftSettings.AUTH_URL, "http://127.0.0.1:" + closedPort + "/auth/v1.0")));
        StorageUnavailableException e = assertThrows(StorageUnavailableException.class, unreachable::checkReady);
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }

    @Test
    void settingsAreCheckedAndNamedWhenWrong() {
        assertMisconfigured(SwiftSettings.PROJECT, Map.of(SwiftSettings.AUTH_VERSION, "3"));
        assertMisconfigured(SwiftSettings.AUTH_VERSION, Map.of(SwiftSettings.AUTH_VERSION, "2"));
        assertMisconfigured(SwiftSettings.USER, Map.of(SwiftSettings.USER, "tester"));
        assertMisconfigured(SwiftSettings.AUTH_URL, Map.of(SwiftSettings.AUTH_URL, "swift.example:8080"));
        assertMisconfigured(SwiftSettings.AUTH_URL, Map.of(SwiftSettings.AUTH_URL, " "));
        assertMisconfigured(SwiftSettings.KEY, Map.of(SwiftSettings.KEY, ""));
        assertMisconfigured(SwiftSettings.SEGMENT_SIZE, Map.of(SwiftSettings.SEGMENT_SIZE, "6G"));
        assertMisconfigured(SwiftSettings.SEGMENT_SIZE, Map.of(SwiftSettings.SEGMENT_SIZE, "lots"));
        assertMisconfigured(SwiftSettings.CONTAINER, Map.of(SwiftSettings.CONTAINER, "my images"));
    }

    @Test
    void keystoneV3TakesAProjectAndDefaultsTheDomain() {
        SwiftSettings v3 = settings(Map.of(SwiftSettings.AUTH_VERSION, "3", SwiftSettings.USER, "imagerepo",
                SwiftSettings.PROJECT, "images"));
        assertEquals(3, v3.authVersion());
        assertEquals("images", v3.project());
        assertEquals(SwiftSettings.DEFAULT_DOMAIN, v3.domain());
        assertFalse(v3.toString().contains(TestServers.swiftKey()), "the key stays out of logs");
    }

    private static void assertMisconfigured(String setting, Map<String, String> overrides) {
        StorageConfigurationException e = assertThrows(StorageConfigurationException.class, () -> settings(overrides));
        assertTrue(e.getMessage().startsWith(setting + " "), e.getMessage());
    }

    /**
     * Tempauth keeps its tokens in memcached only: emptying it is how Swift forgets every token at once.
     * bin/lib/swift.sh runs that memcached on the proxy's port + 4.
     */
    private static void flushTempauthTokens() throws IOException {
        URI swift = URI.create(TestServers.swiftAuthUrl());
        try (Socket memcached = new Socket(swift.getHost(), swift.getPort() + 4)) {
            OutputStream out = memcached.getOutputStream();
            out.write("flush_all\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] reply = new byte[4];
            assertEquals(4, memcached.getInputStream().readNBytes(reply, 0, 4));
            assertEquals("OK\r\n", new String(reply, StandardCharsets.US_ASCII));
        }
    }
}
