package org.imagerepo.blob.service;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both digests of what passes, MD5 computed on a thread of its own, whatever the sizes of the reads. */
class ChecksummingInputStreamTest {

    private static final int SLICE = ChecksummingInputStream.SLICE;

    @Test
    void digestsMatchTheJdksAtEverySliceBoundaryAndReadSize() throws Exception {
        Random random = new Random(17);
        for (int size : new int[]{0, 1, SLICE - 1, SLICE, SLICE + 1, 3 * SLICE + SLICE / 2}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            for (int readSize : new int[]{1, 4096, 65536, SLICE, 3 * SLICE}) {
                ChecksummingInputStream hashed = new ChecksummingInputStream(new ByteArrayInputStream(bytes));
                byte[] buffer = new byte[readSize];
                while (readSize == 1 ? hashed.read() >= 0 : hashed.read(buffer, 0, buffer.length) >= 0) {
                    // read to the end
                }
                String where = size + " bytes read " + readSize + " at a time";
                assertEquals(size, hashed.count(), where);
                assertEquals(hex("SHA-256", bytes), hashed.sha256(), where);
                assertEquals(hex("MD5", bytes), hashed.md5(), where);
                assertEquals(hex("MD5", bytes), hashed.md5(), "asked twice: " + where);
                hashed.release();
            }
        }
    }

    @Test
    void aReleasedUploadStopsItsMd5Thread() throws Exception {
        ChecksummingInputStream hashed = new ChecksummingInputStream(new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        });
        byte[] buffer = new byte[SLICE];
        for (int i = 0; i < 10; i++) {
            assertEquals(SLICE, hashed.read(buffer, 0, SLICE));
        }
        Thread md5 = threadNamed("upload-md5");
        assertTrue(md5 != null && md5.isAlive());
        hashed.release();
        md5.join(10_000);
        assertFalse(md5.isAlive(), "the MD5 thread of an abandoned upload ends");
    }

    private static Thread threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(name) && t.isAlive())
                .findFirst().orElse(null);
    }

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }
}
