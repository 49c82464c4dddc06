package org.imagerepo.blob.storage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one suite every Storage Access plugin passes unchanged: subclass it and say how to make the store,
 * how to count partial uploads, and how to stop and start its server (for real servers: an
 * {@code OutageProxy} in front of them). Subclasses are named {@code *BlobStoreTest}: the build runs them
 * in their own JVM with a 256 MB heap, which the 2 GiB test relies on.
 */
@Tag("storage-conformance")
public abstract class BlobStoreConformanceTest {

    private static final long MIB = 1 << 20;
    private static final long SMALL_HEAP = 300 * MIB;

    protected BlobStore store;

    /** A fresh, empty store for each test. */
    protected abstract BlobStore newStore() throws Exception;

    /** How many partial uploads the store holds now (0 after any failed upload). */
    protected abstract long partialUploads();

    /** The storage server goes away as if it stopped: open connections break, new ones are refused. */
    protected abstract void stopServer() throws Exception;

    /** The storage server is back, with the data it had. */
    protected abstract void startServer() throws Exception;

    @BeforeEach
    void createStore() throws Exception {
        store = newStore();
    }

    @AfterEach
    void closeStore() throws Exception {
        startServer(); // idempotent: a failed outage test must not leave the next test without a server
        store.close();
    }

    protected static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    @Test
    void storedBytesReadBackWhole() throws IOException {
        byte[] bytes = randomBytes(3 * 1024 * 1024 + 17);
        StoredObject stored = store.put(key(), new ByteArrayInputStream(bytes), bytes.length);
        assertEquals(bytes.length, stored.size());
        try (InputStream in = store.open(stored.location(), null)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
    }

    @Test
    void aStreamOfUnknownSizeIsStoredWhole() throws IOException {
        byte[] bytes = randomBytes(100_000);
        StoredObject stored = store.put(key(), new ByteArrayInputStream(bytes), -1);
        assertEquals(bytes.length, stored.size());
    }

    @Test
    void rangesReadExactlyTheirBytes() throws IOException {
        byte[] bytes = randomBytes(1_000_000);
        StoredObject stored = store.put(key(), new ByteArrayInputStream(bytes), bytes.length);
        assertTrue(store.capabilities().contains(Capability.RANGED_READ));
        for (long[] r : new long[][]{{0, 0}, {0, 999_999}, {10, 20}, {999_999, 999_999}, {500_000, 999_999}}) {
            try (InputStream in = store.open(stored.location(), new ByteRange(r[0], r[1]))) {
                byte[] expected = java.util.Arrays.copyOfRange(bytes, (int) r[0], (int) r[1] + 1);
                assertArrayEquals(expected, in.readAllBytes(), "range " + r[0] + "-" + r[1]);
            }
        }
    }

    @Test
    void statGivesTheSizeAndNothingForAMissingObject() {
        byte[] bytes = randomBytes(4096);
        StoredObject stored = store.put(key(), new ByteArrayInputStream(bytes), bytes.length);
        assertEquals(4096, store.stat(stored.location()).orElseThrow().size());
        assertTrue(store.stat(store.locationOf(key())).isEmpty());
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        StoredObject stored = store.put(key(), new ByteArrayInputStream(randomBytes(10)), 10);
        assertTrue(store.delete(stored.location()));
        assertFalse(store.delete(stored.location()));
        assertTrue(store.stat(stored.location()).isEmpty());
    }

    @Test
    void openingAMissingObjectIsATypedError() {
        assertThrows(ObjectNotFoundException.class, () -> store.open(store.locationOf(key()), null));
    }

    @Test
    void anExistingObjectIsNeverOverwritten() throws IOException {
        String key = key();
        byte[] first = randomBytes(1000);
        store.put(key, new ByteArrayInputStream(first), first.length);
        assertThrows(ObjectExistsException.class, () -> store.put(key, new ByteArrayInputStream(randomBytes(5)), 5));
        try (InputStream in = store.open(store.locationOf(key), null)) {
            assertArrayEquals(first, in.readAllBytes());
        }
    }

    @Test
    void aCutOffUploadLeavesNothing() {
        String key = key();
        InputStream breaking = new InputStream() {
            private int sent;

            @Override
            public int read() throws IOException {
                if (sent++ > 2_000_000) {
                    throw new IOException("connection reset by peer");
                }
                return 7;
            }
        };
        assertThrows(IncompleteDataException.class, () -> store.put(key, breaking, 10_000_000));
        assertTrue(store.stat(store.locationOf(key)).isEmpty());
        assertEquals(0, partialUploads());
    }

    @Test
    void aStreamShorterOrLongerThanAnnouncedIsRefusedAndLeavesNothing() {
        String shortKey = key();
        assertThrows(IncompleteDataException.class,
                () -> store.put(shortKey, new ByteArrayInputStream(randomBytes(100)), 101));
        String longKey = key();
        assertThrows(IncompleteDataException.class,
                () -> store.put(longKey, new ByteArrayInputStream(randomBytes(100)), 99));
        assertTrue(store.stat(store.locationOf(shortKey)).isEmpty());
        assertTrue(store.stat(store.locationOf(longKey)).isEmpty());
        assertEquals(0, partialUploads());
    }

    @Test
    void sixteenConcurrentReadersSeeTheSameBytes() throws Exception {
        byte[] bytes = randomBytes(2 * 1024 * 1024);
        StoredObject stored = store.put(key(), new ByteArrayInputStream(bytes), bytes.length);
        String expected = sha256(bytes);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> reads = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                reads.add(pool.submit(() -> {
                    try (InputStream in = store.open(stored.location(), null)) {
                        return sha256(in.readAllBytes());
                    }
                }));
            }
            for (Future<String> read : reads) {
                assertEquals(expected, read.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void locationsCarryTheStoreKindAndNoSecrets() {
        String location = store.locationOf(key());
        assertTrue(location.startsWith(store.kind() + ":"), location);
        assertFalse(location.contains("@"), location);
    }

    @Test
    void aServerStoppedMidwayThroughAReadIsATypedErrorAndTheStoreRecovers() throws Exception {
        long size = 48 * MIB;
        PatternStream source = new PatternStream(size);
        StoredObject stored = store.put(key(), source, size);
        String expected = source.sha256();
        InputStream in = store.open(stored.location(), null);
        try {
            assertEquals(MIB, in.readNBytes((int) MIB).length);
            stopServer();
            assertThrows(StorageUnavailableException.class, () -> sha256(in));
        } finally {
            closeQuietly(in);
            startServer();
        }
        awaitRecovery();
        try (InputStream again = store.open(stored.location(), null)) {
            assertEquals(expected, sha256(again), "the object is whole after the outage");
        }
    }

    @Test
    void aServerStoppedMidwayThroughAWriteIsATypedErrorLeavesNothingAndTheStoreRecovers() throws Exception {
        long size = 48 * MIB;
        String key = key();
        PatternStream stopping = new PatternStream(size).onReaching(12 * MIB, this::stopServerUnchecked);
        try {
            assertThrows(StorageUnavailableException.class, () -> store.put(key, stopping, size));
        } finally {
            startServer();
        }
        awaitRecovery();
        assertTrue(store.stat(store.locationOf(key)).isEmpty(), "nothing visible of the cut-off write");
        assertEquals(0, partialUploads(), "no partial write left once the server is back");
        PatternStream again = new PatternStream(size);
        StoredObject stored = store.put(key, again, size);
        try (InputStream in = store.open(stored.location(), null)) {
            assertEquals(again.sha256(), sha256(in), "the same key stores whole after the outage");
        }
    }

    @Test
    void aTwoGibObjectStreamsBothWaysThroughASmallHeap() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= SMALL_HEAP,
                "run the conformance suites with -Xmx256m (the build's conformance execution does)");
        long size = 2048 * MIB;
        PatternStream source = new PatternStream(size);
        long start = System.nanoTime();
        StoredObject stored = store.put(key(), source, size);
        long storedAt = System.nanoTime();
        assertEquals(size, stored.size());
        assertEquals(size, store.stat(stored.location()).orElseThrow().size());
        String readBack;
        long read = System.nanoTime();
        try (InputStream in = store.open(stored.location(), null)) {
            readBack = sha256(in);
        }
        long done = System.nanoTime();
        assertEquals(source.sha256(), readBack);
        System.out.printf("[conformance] %s 2 GiB: put %.0f MiB/s, get %.0f MiB/s%n", store.kind(),
                2048 / ((storedAt - start) / 1e9), 2048 / ((done - read) / 1e9));
        assertTrue(store.delete(stored.location()));
    }

    private void stopServerUnchecked() {
        try {
            stopServer();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the server", e);
        }
    }

    /** The store answers again; clients may need a moment to reconnect. */
    private void awaitRecovery() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> store.checkReady());
        byte[] bytes = randomBytes(100_000);
        StoredObject stored = store.put(key(), new ByteArrayInputStream(bytes), bytes.length);
        try (InputStream in = store.open(stored.location(), null)) {
            assertArrayEquals(bytes, in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the server is gone; closing may fail too
        }
    }

    /** Reads {@code in} to its end, hashing in bounded memory. */
    protected static String sha256(InputStream in) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[(int) MIB];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    protected static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
