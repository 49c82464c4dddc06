package org.imagerepo.blob.storage.fs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WriteBehindTest {

    private final AtomicInteger forces = new AtomicInteger();
    private final List<Runnable> queued = new ArrayList<>();
    private final Executor later = queued::add;

    @Test
    void forcesOncePerCompleteIntervalAndOnceAtTheEnd() throws IOException {
        WriteBehind toDisk = new WriteBehind(forces::incrementAndGet, 100, Runnable::run);

        toDisk.written(60);
        assertEquals(0, forces.get(), "no force before an interval is complete");
        toDisk.written(60);
        assertEquals(1, forces.get(), "a force once 100 bytes were written");
        toDisk.written(99);
        assertEquals(1, forces.get(), "the next interval counts from the force");
        toDisk.finish();
        assertEquals(2, forces.get(), "finish forces the rest");
    }

    @Test
    void startsNoSecondForceWhileOneIsInFlight() throws IOException {
        WriteBehind toDisk = new WriteBehind(forces::incrementAndGet, 100, later);

        toDisk.written(100);
        toDisk.written(100);
        toDisk.written(100);
        assertEquals(1, queued.size(), "one force in flight at a time");

        queued.remove(0).run();
        assertEquals(1, forces.get());
        toDisk.written(1);
        assertEquals(1, queued.size(), "the bytes written meanwhile start the next force once the first is done");
    }

    @Test
    void aFailedBackgroundForceFailsTheUpload() throws IOException {
        WriteBehind toDisk = new WriteBehind(() -> {
            throw new IOException("No space left on device");
        }, 100, Runnable::run);

        toDisk.written(100);
        IOException failure = assertThrows(IOException.class, () -> toDisk.written(100));
        assertEquals("No space left on device", failure.getMessage());
    }

    @Test
    void finishWaitsForTheForceInFlightAndReportsItsFailure() throws IOException {
        AtomicInteger attempts = new AtomicInteger();
        WriteBehind toDisk = new WriteBehind(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IOException("Input/output error");
            }
        }, 100, later);

        toDisk.written(100);
        queued.remove(0).run();
        IOException failure = assertThrows(IOException.class, toDisk::finish);
        assertEquals("Input/output error", failure.getMessage());
        assertEquals(1, attempts.get(), "no final force after the background force failed");
    }
}
