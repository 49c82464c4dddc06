package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Image files for the end-to-end tests, written and checked in 1 MiB steps whatever their size. */
final class TestFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestFiles() {
    }

    /** Writes {@code size} pseudo-random (incompressible) bytes to {@code dir/name}. */
    static Path randomFile(Path dir, String name, long size) throws IOException {
        Path path = dir.resolve(name);
        SplittableRandom random = new SplittableRandom(size ^ name.hashCode());
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (OutputStream out = Files.newOutputStream(path)) {
            for (long left = size; left > 0; ) {
                buffer.clear();
                while (buffer.remaining() >= 8) {
                    buffer.putLong(random.nextLong());
                }
                int n = (int) Math.min(buffer.capacity() - buffer.remaining(), left);
                out.write(buffer.array(), 0, n);
                left -= n;
            }
        }
        return path;
    }

    static String sha256(Path path) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[1 << 20];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }
}
