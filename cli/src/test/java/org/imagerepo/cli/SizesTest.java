package org.imagerepo.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SizesTest {

    @Test
    void anOptionTakesBinarySizes() {
        assertEquals(8L << 30, new Sizes.Converter().convert("8G"));
    }

    @Test
    void aBadSizeIsAUsageErrorThatSaysWhy() {
        CommandLine.TypeConversionException refused = assertThrows(CommandLine.TypeConversionException.class,
                () -> new Sizes.Converter().convert("8GB"));
        assertEquals("'8GB' is ambiguous: write 8G or 8GiB (binary units: 1K = 1024 bytes)", refused.getMessage());
    }
}
