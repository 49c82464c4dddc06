package org.imagerepo.blob.storage;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;

/**
 * A stream of any length generated on the fly (no two MiB alike), hashing what it hands out, so tests can
 * store gigabytes without holding them. It can run an action when its output reaches a given offset.
 */
public final class PatternStream extends InputStream {

    private static final int BLOCK = 1 << 20;
    private static final byte[] PATTERN = new byte[BLOCK];

    static {
        new Random(42).nextBytes(PATTERN);
    }

    private final long size;
    private final MessageDigest sha256;
    private final byte[] block = new byte[BLOCK];
    private long position;
    private long triggerAt = -1;
    private Runnable trigger;

    public PatternStream(long size) {
        this.size = size;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code action} once, when {@code offset} bytes have been handed out. */
    public PatternStream onReaching(long offset, Runnable action) {
        this.triggerAt = offset;
        this.trigger = action;
        return this;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (trigger != null && position >= triggerAt) {
            Runnable action = trigger;
            trigger = null;
            action.run();
        }
        if (position >= size) {
            return -1;
        }
        int inBlock = (int) (position % BLOCK);
        if (inBlock == 0) {
            System.arraycopy(PATTERN, 0, block, 0, BLOCK);
            ByteBuffer.wrap(block).putLong(position / BLOCK); // makes every MiB differ
        }
        long untilTrigger = trigger == null ? Long.MAX_VALUE : triggerAt - position;
        int n = (int) Math.min(Math.min(length, BLOCK - inBlock), Math.min(size - position,
                untilTrigger > 0 ? untilTrigger : Long.MAX_VALUE));
        System.arraycopy(block, inBlock, buffer, offset, n);
        sha256.update(buffer, offset, n);
        position += n;
        return n;
    }

    /** The SHA-256 of everything handed out so far (call once, at the end). */
    public String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
