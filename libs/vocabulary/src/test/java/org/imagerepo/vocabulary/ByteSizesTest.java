package org.imagerepo.vocabulary;

import org.imagerepo.vocabulary.ByteSizes.Style;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSizesTest {

    @Test
    void standardCountsBytesBelowOneKibiAndOneDecimalOfTheLargestUnitAbove() {
        assertEquals("0 B", ByteSizes.format(0));
        assertEquals("1023 B", ByteSizes.format(1023));
        assertEquals("1.0 KiB", ByteSizes.format(1024));
        assertEquals("1.5 KiB", ByteSizes.format(1536));
        assertEquals("2.0 GiB", ByteSizes.format(2L << 30));
        assertEquals("310.0 MiB", ByteSizes.format(310L << 20));
        assertEquals("1024.0 KiB", ByteSizes.format((1L << 20) - 1), "rounds, as every copy did");
        assertEquals("8.0 EiB", ByteSizes.format(Long.MAX_VALUE));
    }

    @Test
    void aNegativeCountKeepsItsSign() {
        assertEquals("-512 B", ByteSizes.format(-512));
        assertEquals("-1.5 KiB", ByteSizes.format(-1536));
        assertEquals("-8.0 EiB", ByteSizes.format(Long.MIN_VALUE));
    }

    @Test
    void theStylesDifferOnlyInTheirSmallUnitAndWholeNumbers() {
        assertEquals("512 bytes", ByteSizes.format(512, Style.BYTES_IN_WORDS));
        assertEquals("3.0 GiB", ByteSizes.format(3L << 30, Style.BYTES_IN_WORDS));
        assertEquals("1000 B", ByteSizes.format(1000, Style.WHOLE_UNITS_PLAIN));
        assertEquals("50 MiB", ByteSizes.format(50L << 20, Style.WHOLE_UNITS_PLAIN));
        assertEquals("1.5 GiB", ByteSizes.format(3L << 29, Style.WHOLE_UNITS_PLAIN));
    }

    @Test
    void parsesBytesAndBinarySuffixes() {
        assertEquals(0, ByteSizes.parse("0"));
        assertEquals(1234, ByteSizes.parse("1234"));
        assertEquals(1234, ByteSizes.parse("1234B"));
        assertEquals(512 * 1024, ByteSizes.parse("512k"));
        assertEquals(500L * 1024 * 1024, ByteSizes.parse("500M"));
        assertEquals(8L << 30, ByteSizes.parse("8G"));
        assertEquals(8L << 30, ByteSizes.parse("8GiB"));
        assertEquals(8L << 30, ByteSizes.parse(" 8 g "));
        assertEquals(1L << 40, ByteSizes.parse("1T"));
        assertEquals(3L << 29, ByteSizes.parse("1.5G"));
        assertEquals(1L << 50, ByteSizes.parse("1P"));
    }

    @Test
    void refusesMalformedAmbiguousFractionalAndHugeSizesSayingWhy() {
        assertEquals("'8GB' is ambiguous: write 8G or 8GiB (binary units: 1K = 1024 bytes)",
                assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("8GB")).getMessage());
        assertEquals("'8X' is not a size: give bytes, or a number with K, M, G, T or P (binary units: 1K = 1024 bytes),"
                + " e.g. 500M or 8G", assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("8X")).getMessage());
        assertEquals("'1.5' is not a whole number of bytes",
                assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("1.5")).getMessage());
        assertEquals("'9000P' is too large",
                assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("9000P")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse("-1"));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(""));
        assertThrows(IllegalArgumentException.class, () -> ByteSizes.parse(null));
    }
}
