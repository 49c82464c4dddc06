package org.imagerepo.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RandomFileTest {

    @TempDir
    Path dir;

    @Test
    void theChecksumIsTheFilesAndTheSeedDecides() throws Exception {
        long size = 3L * RandomFile.BUFFER + 123; // not a whole number of buffers
        Path a = dir.resolve("a.bin");
        String sha = RandomFile.write(a, size, 42);
        assertEquals(size, Files.size(a));
        assertEquals(sha, RandomFile.sha256Of(a));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(a))), sha);

        Path b = dir.resolve("b.bin");
        assertEquals(sha, RandomFile.write(b, size, 42));
        assertNotEquals(sha, RandomFile.write(b, size, 43));
        assertEquals(RandomFile.sha256Of(b), RandomFile.write(b, size, 43)); // replaces the file

        Path small = dir.resolve("small.bin");
        String s = RandomFile.write(small, 5, 1);
        assertEquals(5, Files.size(small));
        assertEquals(RandomFile.sha256Of(small), s);
    }
}
