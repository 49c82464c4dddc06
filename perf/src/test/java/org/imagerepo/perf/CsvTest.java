package org.imagerepo.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvTest {

    @TempDir
    Path dir;

    @Test
    void rowsSurviveAWriteAndARead() throws Exception {
        Path file = dir.resolve("sub/results.csv");
        CsvRow transfer = CsvRow.transfer("2024-05-01T10:00:00.123Z", "fs+postgres", 50L << 20, 1, "upload", 1,
                0.5, 50L << 20, 0, null);
        CsvRow failed = new CsvRow("2024-05-01T10:00:01Z", "s3+mysql", 1L << 30, 2, "download-16", 16, 12.25,
                15L << 30, 15.0 * 1024 / 12.25, 1, "1 of 16 clients failed: \"checksum\" mismatch, got x\nnext line");
        CsvRow memory = new CsvRow("2024-05-01T10:00:02Z", "fs+postgres", null, null, "peak-rss-gateway", null, null,
                300L << 20, null, null, "VmHWM of pid 42");
        try (Csv.Appender out = new Csv.Appender(file)) {
            out.write(transfer);
            out.write(failed);
        }
        try (Csv.Appender out = new Csv.Appender(file)) { // appends, no second header
            out.write(memory);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(CsvRow.HEADER, lines.get(0));
        assertEquals(4, lines.size());
        assertEquals(1, lines.stream().filter(l -> l.startsWith("date,")).count());

        List<CsvRow> back = Csv.read(file);
        assertEquals(3, back.size());
        assertEquals(transfer, back.get(0));
        assertEquals(100.0, back.get(0).throughput(), 1e-9);
        CsvRow f = back.get(1);
        assertEquals("1 of 16 clients failed: \"checksum\" mismatch, got x next line", f.note());
        assertEquals(12.25, f.seconds());
        assertEquals(1, f.failures());
        assertEquals(16, f.clients());
        assertFalse(f.ok());
        assertTrue(back.get(0).ok());
        assertEquals(memory, back.get(2));
        assertTrue(Csv.isMeasurements(file));
    }

    @Test
    void quotesAndSplits() {
        String line = Csv.line("a", "b,c", "say \"hi\"", "", " padded ");
        assertEquals("a,\"b,c\",\"say \"\"hi\"\"\",,\" padded \"", line);
        assertArrayEquals(new String[]{"a", "b,c", "say \"hi\"", "", " padded "}, Csv.split(line));
    }

    @Test
    void refusesAnotherCsv() throws Exception {
        Path other = dir.resolve("summary.csv");
        Files.writeString(other, "config,size_bytes\nx,1\n");
        assertFalse(Csv.isMeasurements(other));
        assertThrows(IllegalArgumentException.class, () -> Csv.read(other));
    }
}
