package org.imagerepo.triggers.rules;

import org.imagerepo.events.UsageChanged;
import org.imagerepo.triggers.model.QuotaState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule quota's decision: a user is told when their usage passes their quota and when it is back under. */
class QuotaCrossingTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    private static final long GIB = 1L << 30;

    @Test
    void passingTheQuotaIsToldOnce() {
        QuotaState state = new QuotaState();
        QuotaCrossing crossing = QuotaCrossing.follow(state, usage(T0, 11 * GIB, 10 * GIB)).orElseThrow();
        assertTrue(crossing.over());
        assertEquals("Your images use 11.0 GiB of your quota of 10.0 GiB: new uploads are refused until you are back "
                + "under your quota. Remove images you no longer need, or ask an administrator for more space.",
                crossing.message());
        assertEquals("usedBytes 11811160064 passed quota 10737418240", crossing.reason());
        assertEquals(Optional.empty(), QuotaCrossing.follow(state, usage(T0.plusSeconds(1), 12 * GIB, 10 * GIB)));
    }

    @Test
    void comingBackUnderIsTold() {
        QuotaState state = over();
        QuotaCrossing crossing = QuotaCrossing.follow(state, usage(T0.plusSeconds(60), 9 * GIB, 10 * GIB)).orElseThrow();
        assertFalse(crossing.over());
        assertEquals("Your images use 9.0 GiB of your quota of 10.0 GiB again: you are back under your quota and can "
                + "upload again.", crossing.message());
        assertEquals("usedBytes 9663676416 is back under quota 10737418240", crossing.reason());
        assertFalse(state.overQuota);
    }

    @Test
    void usageUnderTheQuotaIsNotToldButRemembered() {
        QuotaState state = new QuotaState();
        assertEquals(Optional.empty(), QuotaCrossing.follow(state, usage(T0, 10 * GIB, 10 * GIB)));
        assertEquals(List.of(false, 10 * GIB, 10 * GIB, T0),
                List.of(state.overQuota, state.usedBytes, state.quota, state.occurredAt));
    }

    @Test
    void aReportOlderThanTheLastCountedChangesNothing() {
        QuotaState state = over();
        assertEquals(Optional.empty(), QuotaCrossing.follow(state, usage(T0.minusSeconds(1), 0, 10 * GIB)));
        assertEquals(List.of(true, 11 * GIB, T0), List.of(state.overQuota, state.usedBytes, state.occurredAt));
    }

    @Test
    void theDetailNamesTheReport() {
        UsageChanged usage = usage(T0, 11 * GIB, 10 * GIB);
        assertEquals("imageCount 3, reservedBytes 5, event " + usage.eventId(),
                QuotaCrossing.follow(new QuotaState(), usage).orElseThrow().detail());
    }

    /** Over a quota of 10 GiB with 11 GiB, as of T0. */
    private static QuotaState over() {
        QuotaState state = new QuotaState();
        QuotaCrossing.follow(state, usage(T0, 11 * GIB, 10 * GIB));
        return state;
    }

    private static UsageChanged usage(Instant at, long usedBytes, long quota) {
        return new UsageChanged(UUID.randomUUID(), at, "accounting-service", "alice", usedBytes, 5, 3, quota);
    }
}
