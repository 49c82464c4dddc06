package org.imagerepo.triggers.rules;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.events.UserNotified;
import org.imagerepo.triggers.model.ActionRecord;
import org.imagerepo.triggers.model.Announcement;
import org.imagerepo.triggers.model.Outcome;
import org.imagerepo.triggers.port.NoSuchImageException;
import org.imagerepo.triggers.port.Repository;
import org.imagerepo.triggers.port.RepositoryException;
import org.imagerepo.triggers.port.RepositoryImage;
import org.imagerepo.triggers.repository.ActionLog;
import org.imagerepo.triggers.repository.Outbox;
import org.imagerepo.triggers.repository.TriggerDatabase;
import org.imagerepo.vocabulary.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule {@code unused-images}: an available image not used for {@code unused-after} (its last access, or its
 * registration if never accessed), not locked and not tagged {@code protected-tag}, is announced to its owner;
 * {@code grace-period} after the announcement it is removed if still unused. An access after the announcement
 * (or the image becoming protected) cancels it. A dry run records what it would do and changes nothing.
 */
@ApplicationScoped
public class UnusedImagesRule implements ScanRule {

    public static final String ANNOUNCED = "announced";
    public static final String CANCELLED = "cancelled";
    public static final String REMOVED = "removed";
    public static final String SCAN = "scan";

    @Inject
    RuleService rules;

    @Inject
    Repository repository;

    @Inject
    ActionLog actions;

    @Inject
    Outbox outbox;

    @Inject
    TriggerDatabase database;

    @Override
    public String name() {
        return Rules.UNUSED_IMAGES;
    }

    @Override
    public synchronized List<ActionRecord> run(boolean dryRun) {
        RuleSettings rule = rules.current(Rules.UNUSED_IMAGES);
        Instant now = Instant.now();
        Duration unusedAfter = rule.duration("unused-after");
        Duration grace = rule.duration("grace-period");
        String protectedTag = rule.text("protected-tag");
        List<ActionRecord> done = new ArrayList<>();

        Map<String, Announcement> announced = new HashMap<>();
        QuarkusTransaction.requiringNew().run(() -> database.session()
                .createSelectionQuery("from Announcement", Announcement.class).getResultList()
                .forEach(a -> announced.put(a.imageId, a)));
        Map<String, RepositoryImage> seen = new HashMap<>();
        List<RepositoryImage> unused = new ArrayList<>();
        try {
            repository.forEachImage(image -> {
                if (announced.containsKey(image.id())) {
                    seen.put(image.id(), image);
                }
                if (isUnused(image, now, unusedAfter, protectedTag)) {
                    unused.add(image);
                }
            });
        } catch (RepositoryException e) {
            done.add(record("*", SCAN, Outcome.FAILED, dryRun, "the catalog could not be scanned", e.getMessage()));
            rules.ran(name(), now);
            return done;
        }

        Set<String> handled = new HashSet<>();
        for (Announcement announcement : announced.values()) {
            handled.add(announcement.imageId);
            RepositoryImage image = seen.get(announcement.imageId);
            if (image == null) {
                if (!dryRun) { // removed by someone else: nothing left to announce
                    QuarkusTransaction.requiringNew().run(() -> forget(announcement.imageId));
                }
                continue;
            }
            String cancelReason = cancelReason(image, announcement, now, unusedAfter, protectedTag);
            if (cancelReason != null) {
                done.add(dryRun ? record(image.id(), CANCELLED, Outcome.DRY_RUN, true, cancelReason, describe(image))
                        : QuarkusTransaction.requiringNew().call(() -> {
                            forget(image.id());
                            return actions.record(name(), image.id(), CANCELLED, Outcome.DONE, false, cancelReason,
                                    describe(image));
                        }));
                continue;
            }
            Instant due = announcement.announcedAt.plus(grace);
            if (now.isBefore(due)) {
                continue; // still in its grace period
            }
            String reason = "unused since " + image.lastUse() + " and not used in the grace-period " + rule.text("grace-period")
                    + " since it was announced at " + announcement.announcedAt;
            if (dryRun) {
                done.add(record(image.id(), REMOVED, Outcome.DRY_RUN, true, reason, describe(image)));
                continue;
            }
            done.add(remove(image, reason));
        }

        for (RepositoryImage image : unused) {
            if (handled.contains(image.id())) {
                continue;
            }
            String reason = "not used since " + image.lastUse() + ", longer than unused-after " + rule.text("unused-after");
            Instant removeAt = now.plus(grace).truncatedTo(ChronoUnit.SECONDS);
            if (dryRun) {
                done.add(record(image.id(), ANNOUNCED, Outcome.DRY_RUN, true, reason,
                        describe(image) + "; would tell " + image.owner() + " and remove it after the grace-period "
                                + rule.text("grace-period") + " unless used"));
                continue;
            }
            String message = "Your image " + label(image) + " has not been used since " + image.lastUse()
                    + ". It will be removed after " + removeAt + " unless it is used (downloaded) before then, or "
                    + "tagged '" + protectedTag + "' to keep it.";
            done.add(QuarkusTransaction.requiringNew().call(() -> {
                Announcement announcement = new Announcement();
                announcement.imageId = image.id();
                announcement.owner = image.owner();
                announcement.announcedAt = now.truncatedTo(ChronoUnit.MILLIS);
                database.session().persist(announcement);
                outbox.queue(UserNotified.of(Rules.ACTOR, image.owner(), name(), image.id(), message));
                return actions.record(name(), image.id(), ANNOUNCED, Outcome.DONE, false, reason,
                        describe(image) + "; removed after " + removeAt + " unless used");
            }));
        }
        rules.ran(name(), now);
        return done;
    }

    private ActionRecord remove(RepositoryImage image, String reason) {
        try {
            repository.remove(image.id());
        } catch (NoSuchImageException e) {
            return QuarkusTransaction.requiringNew().call(() -> {
                forget(image.id());
                return actions.record(name(), image.id(), REMOVED, Outcome.SKIPPED, false, reason + "; it was gone already",
                        describe(image));
            });
        } catch (RepositoryException e) {
            return record(image.id(), REMOVED, Outcome.FAILED, false, reason + "; " + e.getMessage(), describe(image));
        }
        String message = "Your image " + label(image) + " was removed: it had not been used since " + image.lastUse() + ".";
        return QuarkusTransaction.requiringNew().call(() -> {
            forget(image.id());
            outbox.queue(UserNotified.of(Rules.ACTOR, image.owner(), name(), image.id(), message));
            return actions.record(name(), image.id(), REMOVED, Outcome.DONE, false, reason, describe(image));
        });
    }

    /** Available, not protected, and not used (downloaded, or registered if never) for {@code unusedAfter}. */
    static boolean isUnused(RepositoryImage image, Instant now, Duration unusedAfter, String protectedTag) {
        return image.hasStatus(ImageStatus.AVAILABLE) && !image.hasTag(protectedTag) && image.lastUse() != null
                && image.lastUse().plus(unusedAfter).isBefore(now);
    }

    /** Why an announcement no longer holds, or null when it does. */
    static String cancelReason(RepositoryImage image, Announcement announcement, Instant now, Duration unusedAfter,
                               String protectedTag) {
        if (image.lastAccess() != null && image.lastAccess().isAfter(announcement.announcedAt)) {
            return "used at " + image.lastAccess() + ", after the announcement at " + announcement.announcedAt;
        }
        if (image.hasTag(protectedTag)) {
            return "tagged '" + protectedTag + "' since the announcement";
        }
        if (!image.hasStatus(ImageStatus.AVAILABLE)) {
            return "its status is " + image.status() + " now";
        }
        if (!isUnused(image, now, unusedAfter, protectedTag)) {
            return "no longer unused for unused-after (last used " + image.lastUse() + ")";
        }
        return null;
    }

    private void forget(String imageId) {
        Announcement announcement = database.session().find(Announcement.class, imageId);
        if (announcement != null) {
            database.session().remove(announcement);
        }
    }

    private ActionRecord record(String subject, String action, Outcome outcome, boolean dryRun, String reason, String detail) {
        return QuarkusTransaction.requiringNew().call(() -> actions.record(name(), subject, action, outcome, dryRun, reason, detail));
    }

    private static String label(RepositoryImage image) {
        return (image.name() == null || image.name().isBlank() ? "" : "'" + image.name() + "' ") + "(" + image.id() + ")";
    }

    private static String describe(RepositoryImage image) {
        return FaultyImagesRule.describe(image) + ", last used " + image.lastUse();
    }
}
