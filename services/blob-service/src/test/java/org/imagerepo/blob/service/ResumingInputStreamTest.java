package org.imagerepo.blob.service;

import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A narrow unit test: a store stand-in that fails on cue, so each kind of failure happens exactly when asked. */
class ResumingInputStreamTest {

    private static final byte[] OBJECT = new byte[100_000];

    static {
        new Random(7).nextBytes(OBJECT);
    }

    /** Serves {@link #OBJECT}; each opening takes its fate from the script: "ok", "503", or a byte count to fail after. */
    static final class FlakyStore {
        final List<String> script;
        final List<ByteRange> opened = new ArrayList<>();
        private int opening;

        FlakyStore(String... script) {
            this.script = List.of(script);
        }

        InputStream open(ByteRange range) {
            opened.add(range);
            String fate = opening < script.size() ? script.get(opening) : "ok";
            opening++;
            if (fate.equals("503")) {
                throw new StorageUnavailableException("Swift answered 503 Service Unavailable");
            }
            int from = range == null ? 0 : (int) range.first();
            int to = range == null ? OBJECT.length : (int) range.last() + 1;
            byte[] piece = Arrays.copyOfRange(OBJECT, from, to);
            if (fate.equals("ok")) {
                return new ByteArrayInputStream(piece);
            }
            int failAfter = Integer.parseInt(fate.replace("end", ""));
            boolean endEarly = fate.endsWith("end");
            return new InputStream() {
                int position;

                @Override
                public int read() throws IOException {
                    if (position == failAfter) {
                        if (endEarly) {
                            return -1;
                        }
                        throw new IOException("connection reset");
                    }
                    return position < piece.length ? piece[position++] & 0xff : -1;
                }
            };
        }
    }

    private static ResumingInputStream read(FlakyStore store, ByteRange range, int retries) {
        return new ResumingInputStream(store::open, range, OBJECT.length, retries, Duration.ofMillis(1));
    }

    @Test
    void aStreamThatBreaksPartWayIsReopenedFromTheFirstMissingByte() throws IOException {
        FlakyStore store = new FlakyStore("30000", "25000");
        try (InputStream in = read(store, null, 4)) {
            assertArrayEquals(OBJECT, in.readAllBytes());
        }
        assertEquals(Arrays.asList(null, new ByteRange(30_000, 99_999), new ByteRange(55_000, 99_999)), store.opened);
    }

    @Test
    void aStreamThatEndsBeforeTheObjectDoesIsResumedToo() throws IOException {
        FlakyStore store = new FlakyStore("40000end");
        try (InputStream in = read(store, null, 4)) {
            assertArrayEquals(OBJECT, in.readAllBytes());
        }
        assertEquals(new ByteRange(40_000, 99_999), store.opened.get(1));
    }

    @Test
    void anUnavailableStoreOnOpenIsTriedAgain() throws IOException {
        FlakyStore store = new FlakyStore("503", "503");
        try (InputStream in = read(store, null, 4)) {
            assertArrayEquals(OBJECT, in.readAllBytes());
        }
        assertEquals(3, store.opened.size());
    }

    @Test
    void aRangeIsResumedWithinItsBounds() throws IOException {
        FlakyStore store = new FlakyStore("1000");
        try (InputStream in = read(store, new ByteRange(10_000, 19_999), 4)) {
            assertArrayEquals(Arrays.copyOfRange(OBJECT, 10_000, 20_000), in.readAllBytes());
        }
        assertEquals(List.of(new ByteRange(10_000, 19_999), new ByteRange(11_000, 19_999)), store.opened);
    }

    @Test
    void theFailureAfterTheLastRetryReachesTheCaller() {
        FlakyStore store = new FlakyStore("10", "10", "10");
        InputStream in = read(store, null, 2);
        StorageUnavailableException failure = assertThrows(StorageUnavailableException.class, in::readAllBytes);
        assertEquals("connection reset", failure.getMessage());
        assertEquals(3, store.opened.size());
    }

    @Test
    void aStoreStillDownAfterTheRetriesFailsTheOpen() {
        FlakyStore store = new FlakyStore("503", "503", "503");
        assertThrows(StorageUnavailableException.class, () -> read(store, null, 2));
        assertEquals(3, store.opened.size());
    }
}
