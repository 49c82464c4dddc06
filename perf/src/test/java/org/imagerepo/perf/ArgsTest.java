package org.imagerepo.perf;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgsTest {

    @Test
    void valuesListsAndFlags() {
        Args a = Args.parse(new String[]{"--csv", "a.csv", "b.csv", "--out=dir", "--csv", "c", "--baseline-only", "--runs", "3"},
                Set.of("csv", "out", "runs"), Set.of("baseline-only", "help"));
        assertEquals(List.of("a.csv", "b.csv", "c"), a.all("csv"));
        assertEquals("dir", a.require("out"));
        assertTrue(a.has("baseline-only"));
        assertEquals(3, a.positiveInt("runs", 5));
        assertEquals(16, a.positiveInt("clients", 16));
        assertThrows(IllegalArgumentException.class, () -> a.get("csv", null)); // several where one is expected
    }

    @Test
    void mistakes() {
        Set<String> known = Set.of("runs");
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[]{"--nope", "1"}, known, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[]{"stray"}, known, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Args.parse(new String[]{"--runs"}, known, Set.of()));
        Args a = Args.parse(new String[]{"--runs", "0"}, known, Set.of());
        assertThrows(IllegalArgumentException.class, () -> a.positiveInt("runs", 5));
        assertThrows(IllegalArgumentException.class, () -> a.require("other"));
    }

    @Test
    void helpAndUsageErrors() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(0, PerfMain.run(new String[]{"--help"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(out.toString().contains("--nginx-root"));
        out.reset();
        assertEquals(0, PerfMain.run(new String[]{"measure", "--help"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(out.toString().contains("--pids DIR"));
        assertEquals(2, PerfMain.run(new String[]{"measure", "--label", "x"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertTrue(err.toString().contains("--gateway is required"), err.toString());
        assertEquals(2, PerfMain.run(new String[]{"report", "--out", "x"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
        assertEquals(2, PerfMain.run(new String[]{"bench"}, new java.io.PrintStream(out), new java.io.PrintStream(err)));
    }
}
