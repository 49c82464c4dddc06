package org.imagerepo.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SizesTest {

    @Test
    void bytesAndBinarySuffixes() {
        assertEquals(0, Sizes.parse("0"));
        assertEquals(1234, Sizes.parse("1234"));
        assertEquals(1234, Sizes.parse("1234B"));
        assertEquals(512 * 1024, Sizes.parse("512k"));
        assertEquals(500L * 1024 * 1024, Sizes.parse("500M"));
        assertEquals(8L << 30, Sizes.parse("8G"));
        assertEquals(8L << 30, Sizes.parse("8GiB"));
        assertEquals(8L << 30, Sizes.parse(" 8 g "));
        assertEquals(1L << 40, Sizes.parse("1T"));
        assertEquals(3L << 29, Sizes.parse("1.5G"));
        assertEquals(1L << 50, Sizes.parse("1P"));
    }

    @Test
    void malformedAmbiguousFractionalAndHugeSizesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Sizes.parse("8GB")).getMessage()
                .contains("ambiguous"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("8X"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("1.5"));
        assertThrows(IllegalArgumentException.class, () -> Sizes.parse("9000P"));
    }
}
