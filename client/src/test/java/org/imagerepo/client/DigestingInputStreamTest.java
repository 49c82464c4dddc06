package org.imagerepo.client;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counting, the SHA-256 and the progress of the bytes a transfer passes through. */
class DigestingInputStreamTest {

    @Test
    void everyByteReadIsCountedDigestedAndReported() throws IOException {
        byte[] data = TestFiles.randomBytes(100_000);
        RecordingProgress progress = new RecordingProgress();
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), progress, data.length,
                failure -> { });

        assertEquals(data[0] & 0xff, in.read());
        byte[] buf = new byte[4096];
        while (in.read(buf, 0, buf.length) >= 0) {
            // read it all
        }

        assertEquals(data.length, in.count());
        assertEquals(Checksums.sha256Hex(data), in.sha256Hex());
        List<long[]> reports = progress.reports;
        assertEquals(0, progress.first()[0], "told of the start before a byte is read");
        assertEquals(1, reports.get(1)[0]);
        assertEquals(data.length, progress.last()[0]);
        for (int i = 1; i < reports.size(); i++) {
            assertEquals(data.length, reports.get(i)[1]);
            assertTrue(reports.get(i)[0] > reports.get(i - 1)[0], "only reads that move are reported");
        }
    }

    @Test
    void nothingIsSkippedPastTheDigest() throws IOException {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(data), ProgressListener.NONE,
                data.length, failure -> { });

        assertEquals(0, in.skip(2));
        in.readAllBytes();

        assertEquals(3, in.count());
        assertEquals(Checksums.sha256Hex(data), in.sha256Hex());
    }

    @Test
    void aFailedReadIsToldAsideAndStillThrown() {
        IOException disk = new IOException("disk gone");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw disk;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw disk;
            }
        };
        AtomicReference<IOException> toldAside = new AtomicReference<>();
        DigestingInputStream in = new DigestingInputStream(failing, ProgressListener.NONE, 10, toldAside::set);

        assertSame(disk, assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10)));
        assertSame(disk, toldAside.get());
        assertEquals(0, in.count());
    }
}
