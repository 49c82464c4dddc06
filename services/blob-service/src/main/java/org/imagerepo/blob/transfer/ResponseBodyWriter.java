package org.imagerepo.blob.transfer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * Copies a blocking stream into a Vert.x response from a worker thread, waiting whenever the write queue
 * is full, so a slow client holds back the reads instead of filling the heap.
 */
final class ResponseBodyWriter {

    private static final int CHUNK = 256 * 1024;
    private static final int WRITE_QUEUE = 4 << 20;

    private final HttpServerResponse response;
    private boolean writable = true;
    private boolean closed;
    private long written;

    ResponseBodyWriter(HttpServerResponse response) {
        this.response = response;
        response.setWriteQueueMaxSize(WRITE_QUEUE);
        response.drainHandler(v -> signal(false));
        response.closeHandler(v -> signal(true));
    }

    private synchronized void signal(boolean connectionClosed) {
        writable = true;
        closed |= connectionClosed;
        notifyAll();
    }

    /** @return the number of bytes written */
    long copy(InputStream in) throws IOException {
        byte[] read = new byte[CHUNK]; // reused: only the pooled copies below wait in the write queue
        while (true) {
            int n = in.readNBytes(read, 0, CHUNK);
            if (n <= 0) {
                return written;
            }
            awaitWritable();
            // A pooled direct buffer, released once written: Buffer.buffer(byte[]) would copy into a fresh heap
            // array per chunk, and the zeroing and collecting of those was a fifth of this service's CPU.
            ByteBuf chunk = PooledByteBufAllocator.DEFAULT.directBuffer(n);
            chunk.writeBytes(read, 0, n);
            try {
                response.write(Buffer.buffer(chunk)).onComplete(written -> chunk.release());
            } catch (RuntimeException e) {
                chunk.release();
                throw e;
            }
            written += n;
        }
    }

    /** The bytes handed to the connection so far (also after {@link #copy} broke off). */
    long written() {
        return written;
    }

    private synchronized void awaitWritable() throws IOException {
        if (response.writeQueueFull()) {
            writable = false;
        }
        while (!writable && !closed) {
            try {
                wait(1000);
                if (!response.writeQueueFull()) {
                    writable = true;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while sending", e);
            }
        }
        if (closed || response.closed()) {
            throw new IOException("the client closed the connection");
        }
    }
}
