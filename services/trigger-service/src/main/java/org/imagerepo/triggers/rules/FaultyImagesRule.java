package org.imagerepo.triggers.rules;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.triggers.model.ActionRecord;
import org.imagerepo.triggers.model.Outcome;
import org.imagerepo.triggers.model.VerificationRecord;
import org.imagerepo.triggers.port.CopyCheck;
import org.imagerepo.triggers.port.NoSuchImageException;
import org.imagerepo.triggers.port.Repository;
import org.imagerepo.triggers.port.RepositoryException;
import org.imagerepo.triggers.port.RepositoryImage;
import org.imagerepo.triggers.repository.ActionLog;
import org.imagerepo.triggers.repository.ProcessedRecords;
import org.imagerepo.triggers.repository.TriggerDatabase;
import org.imagerepo.vocabulary.ImageStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rule {@code faulty-images}: removes images whose upload is stuck (pending longer than {@code stuck-after}, by
 * registration; marked failed first, so that the owner sees why) or failed (longer than {@code failed-after}
 * since the failure was seen, or since registration when it was not). Records each failed upload as it happens.
 * Every {@code verify-every} it has blob-service read each available image's copies back: bad copies go, and an
 * image with no intact copy is marked failed (then removed as a failed image).
 */
@ApplicationScoped
public class FaultyImagesRule implements ScanRule {

    public static final String OBSERVED = "observed";
    public static final String MARKED_FAILED = "marked-failed";
    public static final String REMOVED = "removed";
    public static final String SCAN = "scan";
    public static final String VERIFIED = "verified";
    public static final String REMOVED_COPY = "removed-copy";
    public static final String VERIFY_EVERY = "verify-every";

    @Inject
    RuleService rules;

    @Inject
    Repository repository;

    @Inject
    ActionLog actions;

    @Inject
    ProcessedRecords processed;

    @Inject
    TriggerDatabase database;

    @Override
    public String name() {
        return Rules.FAULTY_IMAGES;
    }

    /** A failed upload, recorded right away (once per event); the scan removes the image after failed-after. */
    @Transactional
    public void observe(BlobFailed failed) {
        RuleSettings rule = rules.current(Rules.FAULTY_IMAGES);
        if (!rule.enabled() || !processed.firstTime("blob-failed:" + failed.eventId())) {
            return;
        }
        actions.record(Rules.FAULTY_IMAGES, failed.imageId(), OBSERVED, Outcome.DONE, false,
                "its upload failed: " + failed.reason(), "after " + failed.bytesReceived() + " bytes; by "
                        + failed.actor() + "; event " + failed.eventId() + "; removed after failed-after "
                        + rule.text("failed-after") + " unless uploaded again");
    }

    @Override
    public synchronized List<ActionRecord> run(boolean dryRun) {
        RuleSettings rule = rules.current(Rules.FAULTY_IMAGES);
        Instant now = Instant.now();
        Duration stuckAfter = rule.duration("stuck-after");
        Duration failedAfter = rule.duration("failed-after");
        Duration verifyEvery = rule.duration(VERIFY_EVERY);
        Map<String, Instant> verified = verifyEvery.isZero() ? Map.of() : lastVerified();
        List<ActionRecord> done = new ArrayList<>();
        List<RepositoryImage> faulty = new ArrayList<>();
        Map<RepositoryImage, Instant> toVerify = new HashMap<>();
        Set<String> seen = new HashSet<>();
        try {
            repository.forEachImage(image -> {
                seen.add(image.id());
                if (image.hasStatus(ImageStatus.PENDING) && image.createdDate() != null
                        && image.createdDate().plus(stuckAfter).isBefore(now)) {
                    faulty.add(image);
                } else if (image.hasStatus(ImageStatus.FAILED) && failedSince(image).plus(failedAfter).isBefore(now)) {
                    faulty.add(image);
                } else if (!verifyEvery.isZero() && hasBytes(image)) {
                    // Checked on upload; read back once verify-every has passed since then or since the last time.
                    Instant since = verified.getOrDefault(image.id(), image.createdDate() == null ? Instant.EPOCH
                            : image.createdDate());
                    if (since.plus(verifyEvery).isBefore(now)) {
                        toVerify.put(image, since);
                    }
                }
            });
        } catch (RepositoryException e) {
            done.add(record("*", SCAN, Outcome.FAILED, dryRun, "the catalog could not be scanned", e.getMessage()));
            rules.ran(name(), now);
            return done;
        }
        for (RepositoryImage image : faulty) {
            boolean pending = image.hasStatus(ImageStatus.PENDING);
            String reason = pending
                    ? "pending since " + image.createdDate() + ", longer than stuck-after " + rule.text("stuck-after")
                    : "failed since " + failedSince(image) + ", longer than failed-after " + rule.text("failed-after");
            String detail = describe(image);
            if (dryRun) {
                if (pending) {
                    done.add(record(image.id(), MARKED_FAILED, Outcome.DRY_RUN, true, reason, detail));
                }
                done.add(record(image.id(), REMOVED, Outcome.DRY_RUN, true, reason, detail));
                continue;
            }
            if (pending) {
                String note = "marked failed by trigger-service at " + now + ": its upload was pending longer than "
                        + rule.text("stuck-after");
                ActionRecord marked = act(image.id(), MARKED_FAILED, reason, detail, () -> repository.markFailed(image.id(), note));
                done.add(marked);
                if (marked.outcome.equals(Outcome.SKIPPED.wire())) {
                    continue; // gone already
                }
            }
            done.add(act(image.id(), REMOVED, reason, detail, () -> repository.remove(image.id())));
        }
        List<RepositoryImage> oldestFirst = toVerify.keySet().stream()
                .sorted(Comparator.comparing(toVerify::get)).toList();
        for (RepositoryImage image : oldestFirst) {
            if (!verify(image, rule, dryRun, now, done)) {
                break; // the repository cannot verify now; the rest waits for the next scan
            }
        }
        if (!dryRun) {
            forget(verified.keySet().stream().filter(id -> !seen.contains(id)).toList());
        }
        rules.ran(name(), now);
        return done;
    }

    /**
     * Reads the image's copies back: a bad copy (missing, or not the catalog's bytes) is removed while an intact
     * one stays; an image with no intact copy left is marked failed, and removed failed-after later like any
     * failed image. A copy that cannot be read now is neither: it is read again at the next scan.
     *
     * @return false if the repository could not verify at all (so that the scan stops trying)
     */
    private boolean verify(RepositoryImage image, RuleSettings rule, boolean dryRun, Instant now, List<ActionRecord> done) {
        List<CopyCheck> checks;
        try {
            checks = repository.verify(image.id());
        } catch (NoSuchImageException e) {
            return true; // removed since the walk
        } catch (RepositoryException e) {
            done.add(record(image.id(), VERIFIED, Outcome.FAILED, dryRun, "its copies could not be verified; the "
                    + "images still to verify wait for the next scan", e.getMessage()));
            return false;
        }
        String detail = describe(image);
        List<CopyCheck> intact = checks.stream().filter(c -> c.status() == CopyCheck.Status.OK).toList();
        List<CopyCheck> bad = checks.stream().filter(c -> c.status().bad()).toList();
        List<CopyCheck> unreadable = checks.stream().filter(c -> c.status() == CopyCheck.Status.UNAVAILABLE).toList();
        for (CopyCheck copy : unreadable) {
            done.add(record(image.id(), VERIFIED, Outcome.SKIPPED, dryRun, "the copy " + copy.location()
                    + " could not be read (" + copy.detail() + "); verified again at the next scan", detail));
        }
        boolean settled = unreadable.isEmpty();
        if (!bad.isEmpty() && !intact.isEmpty()) {
            for (CopyCheck copy : bad) {
                String reason = badCopy(copy) + "; " + intact.size() + " intact copy(ies) stay";
                if (dryRun) {
                    done.add(record(image.id(), REMOVED_COPY, Outcome.DRY_RUN, true, reason, detail));
                    continue;
                }
                ActionRecord removed = act(image.id(), REMOVED_COPY, reason, detail,
                        () -> repository.removeLocation(image.id(), copy.location()));
                done.add(removed);
                settled &= !removed.outcome.equals(Outcome.FAILED.wire());
            }
        } else if (!bad.isEmpty() && unreadable.isEmpty()) {
            String reason = "no intact copy of its bytes is left: " + String.join("; ", bad.stream()
                    .map(FaultyImagesRule::badCopy).toList()) + "; removed failed-after " + rule.text("failed-after")
                    + " from now";
            if (dryRun) {
                done.add(record(image.id(), MARKED_FAILED, Outcome.DRY_RUN, true, reason, detail));
            } else {
                String note = "marked failed by trigger-service at " + now + ": no intact copy of its bytes is left";
                ActionRecord marked = act(image.id(), MARKED_FAILED, reason, detail, () -> repository.markFailed(image.id(), note));
                done.add(marked);
                settled = !marked.outcome.equals(Outcome.FAILED.wire());
            }
        } else if (!bad.isEmpty()) {
            done.add(record(image.id(), VERIFIED, Outcome.SKIPPED, dryRun, "no copy is known intact ("
                    + String.join("; ", bad.stream().map(FaultyImagesRule::badCopy).toList()) + ") but "
                    + unreadable.size() + " could not be read: nothing removed until they are", detail));
        }
        if (settled && !dryRun) {
            QuarkusTransaction.requiringNew().run(() -> {
                VerificationRecord row = database.session().find(VerificationRecord.class, image.id());
                if (row == null) {
                    row = new VerificationRecord();
                    row.imageId = image.id();
                    row.verifiedAt = now;
                    database.session().persist(row);
                } else {
                    row.verifiedAt = now;
                }
            });
        }
        return true;
    }

    private static String badCopy(CopyCheck copy) {
        return "the copy " + copy.location() + (copy.status() == CopyCheck.Status.MISSING ? " is missing" : " is corrupt")
                + (copy.detail() == null ? "" : " (" + copy.detail() + ")");
    }

    private static boolean hasBytes(RepositoryImage image) {
        return (image.hasStatus(ImageStatus.AVAILABLE) || image.hasStatus(ImageStatus.LOCKED))
                && !image.locations().isEmpty();
    }

    private Map<String, Instant> lastVerified() {
        return QuarkusTransaction.requiringNew().call(() -> database.session()
                .createSelectionQuery("from VerificationRecord", VerificationRecord.class).getResultStream()
                .collect(Collectors.toMap(v -> v.imageId, v -> v.verifiedAt)));
    }

    /** The rows of images that are gone. */
    private void forget(List<String> imageIds) {
        for (int from = 0; from < imageIds.size(); from += 500) {
            List<String> batch = imageIds.subList(from, Math.min(from + 500, imageIds.size()));
            QuarkusTransaction.requiringNew().run(() -> database.session()
                    .createMutationQuery("delete from VerificationRecord where imageId in :ids")
                    .setParameterList("ids", batch).executeUpdate());
        }
    }

    /** Does {@code step} and records how it went; a failure of one image does not stop the scan. */
    private ActionRecord act(String imageId, String action, String reason, String detail, Runnable step) {
        try {
            step.run();
            return record(imageId, action, Outcome.DONE, false, reason, detail);
        } catch (NoSuchImageException e) {
            return record(imageId, action, Outcome.SKIPPED, false, reason + "; " + e.getMessage() + " any more", detail);
        } catch (RepositoryException e) {
            return record(imageId, action, Outcome.FAILED, false, reason + "; " + e.getMessage(), detail);
        }
    }

    /**
     * When the image failed: its upload's failure as observed from BlobFailed, or when this rule marked it
     * failed, else (neither seen) its registration.
     */
    private Instant failedSince(RepositoryImage image) {
        Instant observed = QuarkusTransaction.requiringNew().call(() ->
                actions.firstDoneAt(Rules.FAULTY_IMAGES, image.id(), List.of(OBSERVED, MARKED_FAILED)).orElse(null));
        if (observed != null) {
            return observed;
        }
        return image.createdDate() != null ? image.createdDate() : Instant.EPOCH;
    }

    private ActionRecord record(String subject, String action, Outcome outcome, boolean dryRun, String reason, String detail) {
        return QuarkusTransaction.requiringNew().call(() ->
                actions.record(Rules.FAULTY_IMAGES, subject, action, outcome, dryRun, reason, detail));
    }

    static String describe(RepositoryImage image) {
        return "image " + (image.name() == null ? "" : "'" + image.name() + "' ") + "of " + image.owner()
                + ", status " + image.status() + ", registered " + image.createdDate();
    }
}
