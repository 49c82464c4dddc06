package org.imagerepo.blob.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * A plugin's read stream whose failures come out typed: whatever the client library throws while bytes
 * are read (a reset connection, a driver exception) is handed to the plugin's translation, typically
 * into {@link StorageUnavailableException}, so callers see the same error from every store.
 */
public final class FailureTranslatingInputStream extends FilterInputStream {

    private final Function<Exception, StorageException> translate;

    public FailureTranslatingInputStream(InputStream in, Function<Exception, StorageException> translate) {
        super(in);
        this.translate = translate;
    }

    @Override
    public int read() {
        try {
            return super.read();
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public long skip(long n) {
        try {
            return super.skip(n);
        } catch (IOException | RuntimeException e) {
            throw translated(e);
        }
    }

    @Override
    public void close() {
        try {
            super.close();
        } catch (IOException | RuntimeException e) {
            // Closing a stream whose server is gone fails too; the read already reported it.
        }
    }

    private StorageException translated(Exception e) {
        return e instanceof StorageException typed ? typed : translate.apply(e);
    }
}
