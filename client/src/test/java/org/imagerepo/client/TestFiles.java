package org.imagerepo.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/** Contents for the files of the transfer tests, and what a folder holds afterwards. */
final class TestFiles {

    private TestFiles() {
    }

    /** {@code n} bytes, the same for the same {@code n}. */
    static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** The entries of {@code dir}, sorted: a transfer leaves no temporary file behind. */
    static List<Path> listDir(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
