package org.imagerepo.blob.storage.swift;

import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpRequestInterceptor;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.entity.InputStreamEntity;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An upload body sent in 64 KiB pieces. OpenStack4j sends streams as an {@link InputStreamEntity}, which
 * writes 4 KiB at a time, so each HTTP chunk carries 4 KiB; Swift's Python proxy pays per chunk and then
 * takes uploads at about a third of the speed it manages with 64 KiB chunks.
 */
final class LargeChunkEntity extends HttpEntityWrapper {

    private static final int PIECE = 64 * 1024;

    /** Installed on OpenStack4j's HTTP client: every streamed request body goes out in large pieces. */
    static final HttpRequestInterceptor INTERCEPTOR = (request, context) -> {
        if (request instanceof HttpEntityEnclosingRequest enclosing
                && enclosing.getEntity() instanceof InputStreamEntity stream) {
            enclosing.setEntity(new LargeChunkEntity(stream));
        }
    };

    private LargeChunkEntity(HttpEntity wrapped) {
        super(wrapped);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        byte[] piece = new byte[PIECE];
        try (InputStream in = getContent()) {
            int n;
            // readNBytes fills the piece unless the stream ends: every chunk but the last is full.
            while ((n = in.readNBytes(piece, 0, PIECE)) > 0) {
                out.write(piece, 0, n);
            }
        }
    }
}
