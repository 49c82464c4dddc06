package org.imagerepo.blob.messaging;

import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.outbox.OutboxMessage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * blob-service's outbox (ADR 15): it keeps no database, so the events that report finished work (a download
 * sent, an upload that failed) are appended to a file in its data folder the moment the work ends, and a relay
 * sends them to Kafka from there. Once {@link #append} returned, the kernel has the line: a process killed right
 * after loses nothing (with {@code sync}, a lost machine neither), and the event goes out when the service runs
 * again on the same folder.
 *
 * <p>{@code events.log} holds one line per event: topic, key and encoded event, separated by tabs (neither a topic,
 * an image id nor compact JSON holds a tab or a newline). {@code events.sent} holds the offset up to which Kafka
 * acknowledged them. Once everything is sent the log is emptied. A line cut off by a crash mid-write was never
 * acknowledged to anyone, and is dropped at the next start.
 */
public final class OutboxFile implements AutoCloseable {

    private static final byte NEWLINE = '\n';

    private final Path log;
    private final Path sent;
    private final boolean sync;
    private final FileChannel channel;
    private final FileLock lock;
    private long sentOffset;

    /**
     * Opens (or creates) the outbox in {@code dir}, which one process at a time may use.
     *
     * @param sync force each appended event to the disk before {@link #append} returns
     */
    public OutboxFile(Path dir, boolean sync) throws IOException {
        Files.createDirectories(dir);
        this.log = dir.resolve("events.log");
        this.sent = dir.resolve("events.sent");
        this.sync = sync;
        this.channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            this.lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            channel.close();
            throw new IllegalStateException(log + " is open already in this process", e);
        }
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another blob-service uses the outbox " + log
                    + "; give every instance a data folder of its own (imagerepo.data-dir)");
        }
        dropTornLine();
        sentOffset = Math.min(readSentOffset(), channel.size());
    }

    /** Appends {@code event}; once this returns, the event will reach Kafka even if the process dies now. */
    public synchronized void append(RepositoryEvent event) {
        byte[] line = (event.topic() + '\t' + event.key() + '\t' + EventCodec.encode(event) + '\n')
                .getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(line);
            long at = channel.size();
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            if (sync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not append to the outbox " + log, e);
        }
    }

    /**
     * Hands up to {@code max} unsent events, in order, to {@code publish}, which returns once Kafka acknowledged them
     * all (or throws: they stay unsent), then records them as sent.
     *
     * @return how many were sent
     */
    public int drain(int max, Consumer<List<OutboxMessage>> publish) {
        List<OutboxMessage> batch = new ArrayList<>();
        long end;
        synchronized (this) {
            end = read(sentOffset, max, batch);
        }
        if (batch.isEmpty()) {
            return 0;
        }
        publish.accept(batch);
        synchronized (this) {
            sentOffset = end;
            try {
                if (sentOffset == channel.size()) {
                    // All sent: start the log afresh rather than let it grow. A crash between the two steps finds
                    // an offset past the end of an empty log, which the next start reads as zero.
                    channel.truncate(0);
                    sentOffset = 0;
                }
                writeSentOffset(sentOffset);
            } catch (IOException e) {
                // Kafka has them: at worst they go again, and consumers drop what they saw (by event id).
                throw new UncheckedIOException("could not record the sent events of " + log, e);
            }
        }
        return batch.size();
    }

    /** Bytes of events not yet acknowledged by Kafka. */
    public synchronized long unsentBytes() {
        try {
            return channel.size() - sentOffset;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Reads whole lines from {@code from} into {@code into}; returns the offset after the last one read. */
    private long read(long from, int max, List<OutboxMessage> into) {
        try {
            long size = channel.size();
            long lineStart = from; // where the line being read begins
            long position = from;  // the next byte to look at
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (position < size && into.size() < max) {
                buffer.clear();
                if (channel.read(buffer, position) <= 0) {
                    break;
                }
                buffer.flip();
                while (buffer.hasRemaining() && into.size() < max) {
                    byte b = buffer.get();
                    position++;
                    if (b == NEWLINE) {
                        into.add(parse(line.toString(StandardCharsets.UTF_8)));
                        line.reset();
                        lineStart = position;
                    } else {
                        line.write(b);
                    }
                }
            }
            return lineStart;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the outbox " + log, e);
        }
    }

    private OutboxMessage parse(String line) {
        int first = line.indexOf('\t');
        int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
        if (second < 0) {
            throw new IllegalStateException("the outbox " + log + " holds a line it did not write: " + line);
        }
        return new OutboxMessage(line.substring(0, first), line.substring(first + 1, second), line.substring(second + 1));
    }

    /** A crash mid-append can leave a line without its newline: nobody was told of it, so it goes. */
    private void dropTornLine() throws IOException {
        long size = channel.size();
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == NEWLINE) {
                break;
            }
            end--;
        }
        if (end < size) {
            channel.truncate(end);
        }
    }

    private long readSentOffset() throws IOException {
        if (!Files.exists(sent)) {
            return 0;
        }
        String text = Files.readString(sent).trim();
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(sent + " holds no offset: '" + text + "'", e);
        }
    }

    private void writeSentOffset(long offset) throws IOException {
        Path next = sent.resolveSibling("events.sent.next");
        Files.writeString(next, Long.toString(offset));
        try {
            Files.move(next, sent, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(next, sent, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
