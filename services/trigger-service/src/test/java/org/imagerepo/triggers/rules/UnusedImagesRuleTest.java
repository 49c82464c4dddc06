package org.imagerepo.triggers.rules;

import org.imagerepo.triggers.model.Announcement;
import org.imagerepo.triggers.port.RepositoryImage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule unused-images' decisions: which images are unused, and what cancels an announced removal. */
class UnusedImagesRuleTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration UNUSED_AFTER = Duration.ofDays(90);
    private static final String KEEP = "keep";

    @Test
    void anAvailableImageNotUsedForUnusedAfterIsUnused() {
        assertTrue(UnusedImagesRule.isUnused(image("available", List.of(), NOW.minus(Duration.ofDays(91))), NOW,
                UNUSED_AFTER, KEEP));
        assertFalse(UnusedImagesRule.isUnused(image("available", List.of(), NOW.minus(Duration.ofDays(89))), NOW,
                UNUSED_AFTER, KEEP));
    }

    @Test
    void anImageNeverDownloadedCountsFromItsRegistration() {
        RepositoryImage neverUsed = new RepositoryImage("img-1", "web", "alice", "available", null, List.of(),
                NOW.minus(Duration.ofDays(100)), null, List.of());
        assertTrue(UnusedImagesRule.isUnused(neverUsed, NOW, UNUSED_AFTER, KEEP));
    }

    @Test
    void protectedLockedOrUnfinishedImagesAreNeverUnused() {
        Instant longAgo = NOW.minus(Duration.ofDays(365));
        assertFalse(UnusedImagesRule.isUnused(image("available", List.of("KEEP"), longAgo), NOW, UNUSED_AFTER, KEEP));
        for (String status : List.of("locked", "pending", "failed")) {
            assertFalse(UnusedImagesRule.isUnused(image(status, List.of(), longAgo), NOW, UNUSED_AFTER, KEEP), status);
        }
    }

    @Test
    void anAnnouncementHoldsWhileTheImageStaysUnused() {
        assertNull(UnusedImagesRule.cancelReason(image("available", List.of(), NOW.minus(Duration.ofDays(120))),
                announcedDaysAgo(7), NOW, UNUSED_AFTER, KEEP));
    }

    @Test
    void aDownloadAfterTheAnnouncementCancelsIt() {
        Instant used = NOW.minus(Duration.ofDays(1));
        assertEquals("used at " + used + ", after the announcement at " + NOW.minus(Duration.ofDays(7)),
                UnusedImagesRule.cancelReason(image("available", List.of(), used), announcedDaysAgo(7), NOW,
                        UNUSED_AFTER, KEEP));
    }

    @Test
    void protectingOrLockingTheImageCancelsIt() {
        Instant longAgo = NOW.minus(Duration.ofDays(120));
        assertEquals("tagged 'keep' since the announcement", UnusedImagesRule.cancelReason(
                image("available", List.of("keep"), longAgo), announcedDaysAgo(7), NOW, UNUSED_AFTER, KEEP));
        assertEquals("its status is locked now", UnusedImagesRule.cancelReason(image("locked", List.of(), longAgo),
                announcedDaysAgo(7), NOW, UNUSED_AFTER, KEEP));
    }

    @Test
    void aLongerUnusedAfterSinceTheAnnouncementCancelsIt() {
        Instant lastUse = NOW.minus(Duration.ofDays(120));
        assertEquals("no longer unused for unused-after (last used " + lastUse + ")", UnusedImagesRule.cancelReason(
                image("available", List.of(), lastUse), announcedDaysAgo(7), NOW, Duration.ofDays(180), KEEP));
    }

    private static RepositoryImage image(String status, List<String> tags, Instant lastAccess) {
        return new RepositoryImage("img-1", "web", "alice", status, null, tags, NOW.minus(Duration.ofDays(400)),
                lastAccess, List.of("fs:///img-1"));
    }

    private static Announcement announcedDaysAgo(int days) {
        Announcement announcement = new Announcement();
        announcement.imageId = "img-1";
        announcement.owner = "alice";
        announcement.announcedAt = NOW.minus(Duration.ofDays(days));
        return announcement;
    }
}
