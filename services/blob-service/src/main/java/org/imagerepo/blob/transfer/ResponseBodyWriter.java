package org.imagerepo.blob.transfer;

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
        long total = 0;
        while (true) {
            byte[] chunk = new byte[CHUNK];
            int n = in.readNBytes(chunk, 0, CHUNK);
            if (n <= 0) {
                return total;
            }
            awaitWritable();
            response.write(Buffer.buffer(n == CHUNK ? chunk : java.util.Arrays.copyOf(chunk, n)));
            total += n;
        }
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
