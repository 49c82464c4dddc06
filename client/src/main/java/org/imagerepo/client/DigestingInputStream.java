package org.imagerepo.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Passes the bytes of a transfer through while counting them and computing their SHA-256, reporting progress.
 * A read failure is also told to {@code onFailure}: when the HTTP client reads an upload's file, it reports the
 * failure only as a failed request.
 */
final class DigestingInputStream extends FilterInputStream {

    private final MessageDigest digest = Checksums.sha256();
    private final ProgressListener progress;
    private final long total;
    private final Consumer<IOException> onFailure;
    private long count;

    DigestingInputStream(InputStream in, ProgressListener progress, long total, Consumer<IOException> onFailure) {
        super(in);
        this.progress = progress;
        this.total = total;
        this.onFailure = onFailure;
        progress.progress(0, total);
    }

    /** The bytes read so far. */
    long count() {
        return count;
    }

    /** The SHA-256 of the bytes read so far, in lower-case hex (once: it resets the digest). */
    String sha256Hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            onFailure.accept(e);
            throw e;
        }
        if (n > 0) {
            digest.update(b, off, n);
            count += n;
            progress.progress(count, total);
        }
        return n;
    }

    @Override
    public long skip(long n) {
        return 0; // never skip: every byte must pass through the digest
    }
}
