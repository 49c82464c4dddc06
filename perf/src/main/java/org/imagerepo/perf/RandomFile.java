package org.imagerepo.perf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Test images: incompressible bytes from a seeded {@link SplittableRandom}, written through one reused 1 MiB buffer
 * (never held whole), SHA-256 computed on the way, and forced to the disk so that their write-back does not land in
 * the first measurement.
 */
public final class RandomFile {

    static final int BUFFER = 1024 * 1024;

    private RandomFile() {
    }

    /** Writes {@code size} bytes to {@code file} (replacing it) and returns their SHA-256 (lower-case hex). */
    public static String write(Path file, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            long left = size;
            while (left > 0) {
                buf.clear();
                while (buf.remaining() >= Long.BYTES) {
                    buf.putLong(random.nextLong());
                }
                int n = (int) Math.min(left, BUFFER);
                md.update(buf.array(), 0, n);
                buf.position(0).limit(n);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                left -= n;
            }
            ch.force(true);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of a file's bytes (lower-case hex). */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(BUFFER);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buf) >= 0) {
                buf.flip();
                md.update(buf);
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
