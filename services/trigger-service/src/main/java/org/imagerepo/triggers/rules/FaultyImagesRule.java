package org.imagerepo.triggers.rules;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.triggers.model.ActionRecord;
import org.imagerepo.triggers.model.Outcome;
import org.imagerepo.triggers.port.NoSuchImageException;
import org.imagerepo.triggers.port.Repository;
import org.imagerepo.triggers.port.RepositoryException;
import org.imagerepo.triggers.port.RepositoryImage;
import org.imagerepo.triggers.repository.ActionLog;
import org.imagerepo.triggers.repository.ProcessedRecords;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rule {@code faulty-images}: removes images whose upload is stuck (pending longer than {@code stuck-after}, by
 * registration; marked failed first, so that the owner sees why) or failed (longer than {@code failed-after}
 * since the failure was seen, or since registration when it was not). Records each failed upload as it happens.
 */
@ApplicationScoped
public class FaultyImagesRule implements ScanRule {

    public static final String OBSERVED = "observed";
    public static final String MARKED_FAILED = "marked-failed";
    public static final String REMOVED = "removed";
    public static final String SCAN = "scan";

    @Inject
    RuleService rules;

    @Inject
    Repository repository;

    @Inject
    ActionLog actions;

    @Inject
    ProcessedRecords processed;

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
        List<ActionRecord> done = new ArrayList<>();
        List<RepositoryImage> faulty = new ArrayList<>();
        try {
            repository.forEachImage(image -> {
                if (image.hasStatus(RepositoryImage.PENDING) && image.createdDate() != null
                        && image.createdDate().plus(stuckAfter).isBefore(now)) {
                    faulty.add(image);
                } else if (image.hasStatus(RepositoryImage.FAILED) && failedSince(image).plus(failedAfter).isBefore(now)) {
                    faulty.add(image);
                }
            });
        } catch (RepositoryException e) {
            done.add(record("*", SCAN, Outcome.FAILED, dryRun, "the catalog could not be scanned", e.getMessage()));
            rules.ran(name(), now);
            return done;
        }
        for (RepositoryImage image : faulty) {
            boolean pending = image.hasStatus(RepositoryImage.PENDING);
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
        rules.ran(name(), now);
        return done;
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

    /** When the image's upload failed: as observed from BlobFailed, else (not seen) its registration. */
    private Instant failedSince(RepositoryImage image) {
        Instant observed = QuarkusTransaction.requiringNew().call(() ->
                actions.firstAt(Rules.FAULTY_IMAGES, image.id(), OBSERVED).orElse(null));
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
