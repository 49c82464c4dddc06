package org.imagerepo.blob.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Computes sha256 and md5 of the bytes as they pass, and counts them. SHA-256 runs on the reading thread, MD5 on a
 * thread of its own over copies of the bytes in {@link #SLICE} pieces (issue 17): the two digests together cost
 * more than the rest of an upload's work in blob-service, and on two at once the upload is held up by the slower
 * one alone whenever a core is free. A few pieces are in flight at most, so memory stays bounded.
 */
final class ChecksummingInputStream extends FilterInputStream {

    /** The bytes handed to the MD5 thread at a time. */
    static final int SLICE = 1 << 20;
    /** Pieces allocated in all: one being filled, the rest queued or being hashed. */
    private static final int PIECES = 4;
    private static final byte[] END = new byte[0];

    private final MessageDigest sha256 = digest("SHA-256");
    private final MessageDigest md5 = digest("MD5");
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(PIECES);
    private final BlockingQueue<Piece> toHash = new ArrayBlockingQueue<>(PIECES + 1);
    private final Thread md5Thread;
    private byte[] filling;
    private int filled;
    private long count;
    private String md5Hex;

    private record Piece(byte[] bytes, int length) {
    }

    ChecksummingInputStream(InputStream in) {
        super(in);
        for (int i = 0; i < PIECES; i++) {
            free.add(new byte[SLICE]);
        }
        filling = free.poll();
        md5Thread = new Thread(this::hashMd5, "upload-md5");
        md5Thread.setDaemon(true);
        md5Thread.start();
    }

    private void hashMd5() {
        try {
            while (true) {
                Piece piece = toHash.take();
                if (piece.bytes() == END) {
                    return;
                }
                md5.update(piece.bytes(), 0, piece.length());
                free.put(piece.bytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // released: the upload failed, nobody waits for the digest
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha256.update((byte) b);
            stage(new byte[]{(byte) b}, 0, 1);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            sha256.update(buffer, offset, n);
            stage(buffer, offset, n);
            count += n;
        }
        return n;
    }

    /** Copies bytes into the piece being filled, handing full pieces to the MD5 thread. */
    private void stage(byte[] bytes, int offset, int length) throws IOException {
        while (length > 0) {
            int n = Math.min(length, SLICE - filled);
            System.arraycopy(bytes, offset, filling, filled, n);
            filled += n;
            offset += n;
            length -= n;
            if (filled == SLICE) {
                handOff();
            }
        }
    }

    private void handOff() throws IOException {
        try {
            toHash.put(new Piece(filling, filled));
            filling = free.take();
            filled = 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while hashing the upload", e);
        }
    }

    long count() {
        return count;
    }

    /** Completes the digest: call once, after the stream was read to its end. */
    String sha256() {
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** Completes the digest: call after the stream was read to its end. */
    String md5() {
        if (md5Hex == null) {
            try {
                if (filled > 0) {
                    toHash.put(new Piece(filling, filled));
                    filled = 0;
                }
                toHash.put(new Piece(END, 0));
                md5Thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while completing the MD5 of the upload", e);
            }
            md5Hex = HexFormat.of().formatHex(md5.digest());
        }
        return md5Hex;
    }

    /** Stops the MD5 thread of an upload that will not be completed; harmless after {@link #md5()}. */
    void release() {
        if (md5Hex == null) {
            md5Thread.interrupt();
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
