package org.imagerepo.triggers.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The duration forms the settings accept. */
class DurationsTest {

    @Test
    void isoAndShortFormsAreRead() {
        assertEquals(Duration.ofSeconds(2), Durations.parse("PT2S"));
        assertEquals(Duration.ofSeconds(2), Durations.parse("2s"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(10), Durations.parse("10m"));
        assertEquals(Duration.ofHours(1), Durations.parse(" 1h "));
        assertEquals(Duration.ofDays(90), Durations.parse("P90D"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals(Duration.ZERO, Durations.parse("PT0S"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("pt1h30m"));
    }

    @Test
    void anythingElseIsRefusedNamingTheFormsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Durations.parse("soon"));
        assertTrue(e.getMessage().contains("'soon' is not a duration") && e.getMessage().contains("PT2S"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("2 s"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Durations.parse("-PT1S")).getMessage().contains("negative"));
    }

    @Test
    void aPositiveIntervalMustBeMoreThanZero() {
        SettingSpec every = SettingSpec.interval("every", "10m", "how often");
        assertEquals("2s", every.validate(" 2s"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> every.validate("0s")).getMessage().contains("zero"));
    }
}
