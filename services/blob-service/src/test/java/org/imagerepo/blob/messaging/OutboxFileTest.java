package org.imagerepo.blob.messaging;

import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxFileTest {

    @TempDir
    Path dir;

    private final List<OutboxMessage> kafka = new ArrayList<>();

    private static ImageAccessed access(int i) {
        return ImageAccessed.of("alice", "img-" + i, 100L + i, true);
    }

    private List<String> sentImageIds() {
        return kafka.stream().map(OutboxMessage::key).toList();
    }

    @Test
    void eventsAppendedGoOutInOrderWithTheirTopicKeyAndEncoding() throws IOException {
        try (OutboxFile outbox = new OutboxFile(dir, false)) {
            ImageAccessed first = access(1);
            outbox.append(first);
            outbox.append(access(2));
            assertEquals(2, outbox.drain(10, kafka::addAll));
            assertEquals(List.of("img-1", "img-2"), sentImageIds());
            assertEquals(first.topic(), kafka.get(0).topic());
            RepositoryEvent decoded = EventCodec.decode(kafka.get(0).payload()).orElseThrow();
            assertEquals(first, decoded);
            assertEquals(0, outbox.drain(10, kafka::addAll), "nothing is sent twice");
            assertEquals(0, Files.size(dir.resolve("events.log")), "a log whose events are all sent is emptied");
        }
    }

    @Test
    void drainTakesAtMostTheBatchAndGoesOnWhereItStopped() throws IOException {
        try (OutboxFile outbox = new OutboxFile(dir, true)) {
            IntStream.range(0, 5).forEach(i -> outbox.append(access(i)));
            assertEquals(2, outbox.drain(2, kafka::addAll));
            assertEquals(3, outbox.drain(10, kafka::addAll));
            assertEquals(List.of("img-0", "img-1", "img-2", "img-3", "img-4"), sentImageIds());
        }
    }

    @Test
    void eventsKafkaRefusedStayForTheNextTry() throws IOException {
        try (OutboxFile outbox = new OutboxFile(dir, false)) {
            outbox.append(access(1));
            assertThrows(IllegalStateException.class, () -> outbox.drain(10, batch -> {
                throw new IllegalStateException("broker down");
            }));
            assertTrue(outbox.unsentBytes() > 0);
            assertEquals(1, outbox.drain(10, kafka::addAll));
            assertEquals(List.of("img-1"), sentImageIds());
        }
    }

    @Test
    void whatAKilledProcessRecordedGoesOutAtTheNextStartAndWhatWasSentDoesNot() throws IOException {
        OutboxFile before = new OutboxFile(dir, false);
        IntStream.range(0, 3).forEach(i -> before.append(access(i)));
        before.drain(1, kafka::addAll);
        before.close(); // as a SIGKILL leaves it: the lines are in the file, the lock goes with the process
        kafka.clear();
        try (OutboxFile after = new OutboxFile(dir, false)) {
            assertEquals(2, after.drain(10, kafka::addAll));
            assertEquals(List.of("img-1", "img-2"), sentImageIds());
        }
    }

    @Test
    void aLineCutOffMidWriteIsDroppedAndTheRestKept() throws IOException {
        try (OutboxFile outbox = new OutboxFile(dir, false)) {
            outbox.append(access(1));
        }
        Files.writeString(dir.resolve("events.log"), "imagerepo.blobs\timg-9\t{\"type\":\"ImageAcc",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (OutboxFile outbox = new OutboxFile(dir, false)) {
            outbox.append(access(2));
            assertEquals(2, outbox.drain(10, kafka::addAll));
            assertEquals(List.of("img-1", "img-2"), sentImageIds());
        }
    }

    @Test
    void anOffsetPastAnEmptiedLogIsReadAsItsStart() throws IOException {
        // A crash between emptying the log and recording offset 0.
        Files.writeString(dir.resolve("events.sent"), "4096");
        try (OutboxFile outbox = new OutboxFile(dir, false)) {
            outbox.append(access(1));
            assertEquals(1, outbox.drain(10, kafka::addAll));
        }
    }

    @Test
    void oneOutboxHasOneUser() throws IOException {
        try (OutboxFile outbox = new OutboxFile(dir, false)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OutboxFile(dir, false));
            assertTrue(e.getMessage().contains("events.log"), e.getMessage());
        }
    }
}
