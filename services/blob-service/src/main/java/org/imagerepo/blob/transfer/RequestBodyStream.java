package org.imagerepo.blob.transfer;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request body as a blocking {@link InputStream}, for storage plugins that pull bytes. The event loop
 * pushes chunks in; the request is paused while more than {@link #HIGH_WATER} bytes wait, so memory stays
 * bounded whatever the size of the upload. Created on the event loop; read from one worker thread.
 */
final class RequestBodyStream extends InputStream {

    static final int HIGH_WATER = 4 << 20;
    static final int LOW_WATER = 1 << 20;

    private final HttpServerRequest request;
    private final Context context;
    private final long idleTimeoutMillis;
    private final Deque<Buffer> chunks = new ArrayDeque<>();
    private Buffer current;
    private int position;
    private long queued;
    private boolean paused = true;
    private boolean ended;
    private volatile boolean continued;
    private Throwable failure;

    RequestBodyStream(HttpServerRequest request, Context context, long idleTimeoutMillis) {
        this.request = request;
        this.context = context;
        this.idleTimeoutMillis = idleTimeoutMillis;
        request.pause();
        request.handler(this::onChunk);
        request.endHandler(v -> onEnd());
        request.exceptionHandler(this::onFailure);
    }

    private synchronized void onChunk(Buffer chunk) {
        chunks.add(chunk);
        queued += chunk.length();
        if (queued >= HIGH_WATER && !paused) {
            paused = true;
            request.pause();
        }
        notifyAll();
    }

    private synchronized void onEnd() {
        ended = true;
        notifyAll();
    }

    synchronized void onFailure(Throwable cause) {
        if (!ended && failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public synchronized int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        long deadline = System.currentTimeMillis() + idleTimeoutMillis;
        while (true) {
            if (current != null && position < current.length()) {
                int n = Math.min(length, current.length() - position);
                current.getBytes(position, position + n, target, offset);
                position += n;
                return n;
            }
            Buffer next = chunks.poll();
            if (next != null) {
                current = next;
                position = 0;
                queued -= next.length();
                resumeIfDrained();
                continue;
            }
            if (failure != null) {
                throw new IOException("the client's upload broke off: " + failure.getMessage(), failure);
            }
            if (ended) {
                return -1;
            }
            resumeIfDrained();
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                throw new IOException("the client sent nothing for " + idleTimeoutMillis / 1000 + " s");
            }
            try {
                wait(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the upload", e);
            }
        }
    }

    private void resumeIfDrained() {
        if (paused && queued <= LOW_WATER && !ended && failure == null) {
            paused = false;
            context.runOnContext(v -> request.resume());
        }
    }

    /**
     * Reads and drops what is left of the body, up to {@code maxBytes} or for {@code maxMillis}, whichever comes
     * first: the lingering close of a refused upload. Closing a connection with unread bytes in its receive buffer
     * makes the kernel send a reset, which can destroy the refusal on its way (a proxy then answers 502/503
     * instead): reading on for a moment lets the answer arrive whole and the client stop sending first.
     *
     * @return whether the body ended (the connection could then be reused)
     */
    boolean drain(long maxBytes, long maxMillis) {
        byte[] sink = new byte[64 * 1024];
        long deadline = System.currentTimeMillis() + maxMillis;
        long dropped = 0;
        while (dropped < maxBytes && System.currentTimeMillis() < deadline) {
            int n;
            try {
                n = readUntil(sink, deadline);
            } catch (IOException e) {
                return false;
            }
            if (n < 0) {
                return true;
            }
            dropped += n;
        }
        return false;
    }

    /** As {@link #read(byte[], int, int)}, waiting no later than {@code deadline}: 0 when it passed. */
    private synchronized int readUntil(byte[] target, long deadline) throws IOException {
        while (true) {
            if ((current != null && position < current.length()) || !chunks.isEmpty() || ended || failure != null) {
                return read(target, 0, target.length);
            }
            resumeIfDrained();
            long wait = deadline - System.currentTimeMillis();
            if (wait <= 0) {
                return 0;
            }
            try {
                wait(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while draining the upload", e);
            }
        }
    }

    /** The client was told to send the body (100 Continue). */
    void continued() {
        continued = true;
    }

    boolean wasContinued() {
        return continued;
    }

    /** Whether the whole body was read; if not, the connection must be closed, not reused. */
    synchronized boolean fullyRead() {
        return ended && chunks.isEmpty() && (current == null || position >= current.length());
    }
}
