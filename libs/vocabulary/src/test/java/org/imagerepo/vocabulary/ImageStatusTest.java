package org.imagerepo.vocabulary;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageStatusTest {

    @Test
    void theWireWordsAreTheLowerCaseNames() {
        assertEquals(List.of("pending", "available", "locked", "failed"),
                Arrays.stream(ImageStatus.values()).map(ImageStatus::wire).toList());
    }

    @Test
    void parseWireTakesAnyCaseAndRefusesOtherWords() {
        assertEquals(ImageStatus.LOCKED, ImageStatus.parseWire("Locked"));
        assertThrows(IllegalArgumentException.class, () -> ImageStatus.parseWire("archived"));
    }

    @Test
    void ofWireTakesTheExactWordOnly() {
        assertEquals(Optional.of(ImageStatus.FAILED), ImageStatus.ofWire("failed"));
        assertEquals(Optional.empty(), ImageStatus.ofWire("FAILED"));
        assertEquals(Optional.empty(), ImageStatus.ofWire("archived"));
        assertEquals(Optional.empty(), ImageStatus.ofWire(null));
    }

    @Test
    void onlyAvailableAndLockedImagesHaveTheirBytes() {
        assertTrue(ImageStatus.AVAILABLE.hasBytes());
        assertTrue(ImageStatus.LOCKED.hasBytes());
        assertFalse(ImageStatus.PENDING.hasBytes());
        assertFalse(ImageStatus.FAILED.hasBytes());
    }
}
