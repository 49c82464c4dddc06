package org.imagerepo.perf;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SizesTest {

    @Test
    void parsesPowersOf1024() {
        assertEquals(50L * 1024 * 1024, Sizes.parse("50M"));
        assertEquals(300L * 1024 * 1024, Sizes.parse("300m"));
        assertEquals(2L * 1024 * 1024 * 1024, Sizes.parse("2G"));
        assertEquals(512L * 1024, Sizes.parse("512K"));
        assertEquals(1000L, Sizes.parse("1000"));
        assertEquals(1000L, Sizes.parse("1000B"));
        assertEquals(3L << 29, Sizes.parse("1.5G"));
        assertEquals(1024L * 1024 * 1024, Sizes.parse(" 1GiB "));
        assertEquals(3L << 40, Sizes.parse("3T"));
    }

    @Test
    void refusesWhatIsNotASize() {
        for (String bad : new String[]{"", "M", "abc", "0", "-1", "5X", "300MB", "1.5K1", "99999999999999999999",
                "9000000000T"}) {
            assertThrows(IllegalArgumentException.class, () -> Sizes.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Sizes.parseList(" , "));
    }

    @Test
    void parsesTheList() {
        assertEquals(List.of(50L << 20, 300L << 20, 500L << 20, 1L << 30, 2L << 30),
                Sizes.parseList("50M,300M,500M,1G,2G"));
        assertEquals(List.of(1L << 20), Sizes.parseList("1M,"));
    }

    @Test
    void printsSizes() {
        assertEquals("50 MiB", Sizes.human(50L << 20));
        assertEquals("2 GiB", Sizes.human(2L << 30));
        assertEquals("1.5 GiB", Sizes.human(3L << 29));
        assertEquals("1000 B", Sizes.human(1000));
        assertEquals("50M", Sizes.compact(50L << 20));
        assertEquals("2G", Sizes.compact(2L << 30));
        assertEquals("1536M", Sizes.compact(3L << 29));
        assertEquals("1000", Sizes.compact(1000));
    }
}
