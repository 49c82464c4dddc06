package org.imagerepo.triggers.rules;

import org.imagerepo.events.ImageGenerationRequested;
import org.imagerepo.events.ImageStaged;
import org.imagerepo.events.ImageStagingFailed;
import org.imagerepo.events.RainReservation;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.StagedCopyRemoved;
import org.imagerepo.triggers.model.Outcome;
import org.imagerepo.triggers.model.ReservationRecord;
import org.imagerepo.triggers.model.ReservationState;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The state machine of rule {@code rain-prestaging}, apart from Kafka, the database and the repository: how a
 * received record, a due start, a copy's result and an ended reservation move a reservation, and the action rows and
 * events each move gives. It changes the reservation in place; {@link RainPrestagingRule} finds, locks and stores
 * it, makes and removes the copies, and writes the {@link Effects} in the move's transaction.
 */
final class RainReservations {

    static final String SCHEDULED = "scheduled";
    static final String REPLACED = "replaced";
    static final String IGNORED = "ignored";
    static final String CANCELLED = "cancelled";
    static final String STAGED = "staged";
    static final String COPY_FAILED = "copy-failed";
    static final String FAILED = "failed";
    static final String GENERATION_REQUESTED = "generation-requested";
    static final String REMOVED_COPY = "removed-copy";
    static final String REMOVE_FAILED = "remove-failed";
    static final String RELEASED = "released";

    /** Where a move's effects go: the rule's action rows, and the events for the rain service. */
    interface Effects {

        void record(String subject, String action, Outcome outcome, boolean dryRun, String reason, String detail);

        void announce(RepositoryEvent event);
    }

    private final Effects effects;

    RainReservations(Effects effects) {
        this.effects = effects;
    }

    /**
     * A record of {@code imagerepo.rain.reservations}: a new reservation, or a later record of a known one, which
     * replaces it unless it was staged already; a cancellation withdraws it.
     *
     * @param stored the reservation as stored, null the first time
     * @return the reservation as it is now: {@code stored}, or a new one to store
     */
    ReservationRecord receive(ReservationRecord stored, RainReservation reservation, String json, Instant now,
                              boolean dryRun) {
        String subject = reservation.reservationId();
        if (stored == null) {
            ReservationRecord created = new ReservationRecord();
            created.reservationId = reservation.reservationId();
            created.receivedAt = now;
            fill(created, reservation, now);
            effects.record(subject, reservation.cancelled() ? CANCELLED : SCHEDULED, Outcome.DONE, dryRun,
                    reservation.cancelled() ? "cancelled before it was staged" : "image " + reservation.imageId()
                            + " to " + reservation.target() + " for " + reservation.start() + " to " + reservation.end(),
                    null);
            return created;
        }
        if (same(stored, reservation)) {
            return stored; // the same reservation again: nothing changed
        }
        ReservationState state = stored.state();
        if (reservation.cancelled()) {
            switch (state) {
                case SCHEDULED, FAILED -> {
                    stored.cancelled = true;
                    stored.state = ReservationState.CANCELLED.wire();
                    stored.updatedAt = now;
                    effects.record(subject, CANCELLED, Outcome.DONE, dryRun, "cancelled before it was staged", null);
                }
                case STAGING, STAGED -> {
                    stored.cancelled = true; // the tick removes the copy as at the end
                    stored.updatedAt = now;
                    effects.record(subject, CANCELLED, Outcome.DONE, dryRun,
                            "cancelled after staging: the staged copy is removed now", null);
                }
                default -> effects.record(subject, IGNORED, Outcome.SKIPPED, dryRun,
                        "a cancellation of a reservation that is " + state.wire() + " already", null);
            }
            return stored;
        }
        if (state == ReservationState.SCHEDULED || state == ReservationState.FAILED || state == ReservationState.CANCELLED) {
            fill(stored, reservation, now);
            effects.record(subject, REPLACED, Outcome.DONE, dryRun, "a new record replaced the " + state.wire()
                    + " reservation: image " + reservation.imageId() + " to " + reservation.target() + " for "
                    + reservation.start() + " to " + reservation.end(), null);
            return stored;
        }
        effects.record(subject, IGNORED, Outcome.SKIPPED, dryRun, "a changed record of a reservation that is "
                + state.wire() + " already is not applied (cancel it and send a new reservation)", json);
        return stored;
    }

    /**
     * Its start is due: a scheduled reservation starts staging, unless it ended meanwhile (it fails) or the rule is
     * dry-running (it says once what it would copy).
     *
     * @return whether the image is to be copied now
     */
    boolean startStaging(ReservationRecord r, Instant now, boolean dryRun) {
        if (r == null || r.state() != ReservationState.SCHEDULED) {
            return false;
        }
        if (!r.endAt.isAfter(now)) {
            fail(r, "the reservation ended (" + r.endAt + ") before its image could be staged", dryRun, now);
            return false;
        }
        if (dryRun) {
            if (!STAGED.equals(r.dryRunStep)) {
                r.dryRunStep = STAGED;
                effects.record(r.reservationId, STAGED, Outcome.DRY_RUN, true, "would copy image " + r.imageId + " to "
                        + r.target + " for the start at " + r.startAt, null);
            }
            return false;
        }
        r.state = ReservationState.STAGING.wire();
        r.updatedAt = now;
        return true;
    }

    /** The image does not exist: its generation is asked for, and the reservation fails. */
    void imageMissing(ReservationRecord r, Instant now) {
        String id = r.reservationId;
        effects.announce(ImageGenerationRequested.of(Rules.ACTOR, id, r.imageId, r.target,
                "rain reservation " + id + " needs image " + r.imageId + " on " + r.target + " at " + r.startAt));
        effects.record(id, GENERATION_REQUESTED, Outcome.DONE, false, "image " + r.imageId + " does not exist", null);
        fail(r, "image " + r.imageId + " does not exist: its generation was requested (on "
                + "imagerepo.image-requests); send a new reservation once it is registered", false, now);
    }

    /** The image is at {@code location} in the target store, copied there by us or there before. */
    void staged(ReservationRecord r, String location, boolean madeByUs, Instant now) {
        r.state = ReservationState.STAGED.wire();
        r.location = location;
        r.madeByUs = madeByUs;
        r.lastError = null;
        r.updatedAt = now;
        effects.announce(ImageStaged.of(Rules.ACTOR, r.reservationId, r.imageId, r.target, location));
        effects.record(r.reservationId, STAGED, Outcome.DONE, false, madeByUs
                ? "copied image " + r.imageId + " to " + r.target + " at " + location
                : "image " + r.imageId + " was in " + r.target + " already, at " + location
                  + ": no copy made, and it is left there after the end", null);
    }

    /** Retried each tick until the start, then given up; a reservation withdrawn meanwhile is just cancelled. */
    void copyFailed(ReservationRecord r, String error, Instant now) {
        r.attempts++;
        r.lastError = error;
        r.updatedAt = now;
        if (r.cancelled) { // withdrawn while the copy was under way: nothing to retry
            r.state = ReservationState.CANCELLED.wire();
            effects.record(r.reservationId, CANCELLED, Outcome.DONE, false, "cancelled while its image was being "
                    + "copied; the copy failed: " + error, null);
        } else if (now.isBefore(r.startAt)) {
            r.state = ReservationState.SCHEDULED.wire();
            effects.record(r.reservationId, COPY_FAILED, Outcome.FAILED, false, "copying image " + r.imageId + " to "
                    + r.target + " failed (attempt " + r.attempts + "), retried until the start at " + r.startAt + ": "
                    + error, null);
        } else {
            fail(r, "copying image " + r.imageId + " to " + r.target + " failed " + r.attempts
                    + " time(s) until the start at " + r.startAt + "; the last error: " + error, false, now);
        }
    }

    /** The reservation failed, and the rain service is told why; a dry run says once that it would. */
    void fail(ReservationRecord r, String reason, boolean dryRun, Instant now) {
        if (dryRun) {
            if (!FAILED.equals(r.dryRunStep)) {
                r.dryRunStep = FAILED;
                effects.record(r.reservationId, FAILED, Outcome.DRY_RUN, true, reason, null);
            }
            return;
        }
        r.state = ReservationState.FAILED.wire();
        r.lastError = reason;
        r.updatedAt = now;
        effects.announce(ImageStagingFailed.of(Rules.ACTOR, r.reservationId, r.imageId, r.target, reason));
        effects.record(r.reservationId, FAILED, Outcome.FAILED, false, reason, null);
    }

    /**
     * It ended or was withdrawn: a staged copy that was there before is left alone (released now); a dry run says
     * once what it would do.
     *
     * @return whether our staged copy is to be removed now
     */
    boolean startRelease(ReservationRecord r, Instant now, boolean dryRun) {
        if (r == null || r.state() != ReservationState.STAGED) {
            return false;
        }
        String why = r.cancelled ? "the reservation was cancelled" : "the reservation ended at " + r.endAt;
        if (dryRun) {
            if (!RELEASED.equals(r.dryRunStep)) {
                r.dryRunStep = RELEASED;
                effects.record(r.reservationId, r.madeByUs ? REMOVED_COPY : RELEASED, Outcome.DRY_RUN, true,
                        why + (r.madeByUs ? ": would remove the staged copy " + r.location
                                : ": the copy " + r.location + " was there before and would stay"), null);
            }
            return false;
        }
        if (!r.madeByUs) {
            r.state = ended(r);
            r.updatedAt = now;
            effects.record(r.reservationId, RELEASED, Outcome.DONE, false, why + ": the copy " + r.location
                    + " was there before the reservation and is left alone", null);
            return false;
        }
        return true;
    }

    /** Removing our staged copy failed: retried next tick. */
    void removeFailed(ReservationRecord r, String error, Instant now) {
        r.attempts++;
        r.lastError = error;
        r.updatedAt = now;
        effects.record(r.reservationId, REMOVE_FAILED, Outcome.FAILED, false, "removing the staged copy " + r.location
                + " failed, retried next tick: " + error, null);
    }

    /** Our staged copy is gone; {@code note} says more (may be empty). */
    void removed(ReservationRecord r, String note, Instant now) {
        r.state = ended(r);
        r.updatedAt = now;
        effects.announce(StagedCopyRemoved.of(Rules.ACTOR, r.reservationId, r.imageId, r.target, r.location));
        effects.record(r.reservationId, REMOVED_COPY, Outcome.DONE, false, (r.cancelled ? "the reservation was cancelled"
                : "the reservation ended at " + r.endAt) + ": removed the staged copy " + r.location + note, null);
    }

    private static String ended(ReservationRecord r) {
        return (r.cancelled ? ReservationState.CANCELLED : ReservationState.RELEASED).wire();
    }

    private static void fill(ReservationRecord r, RainReservation reservation, Instant now) {
        // A copy an earlier attempt of ours may have left in the same target is still ours to remove.
        boolean oursThere = r.madeByUs && reservation.imageId().equals(r.imageId) && reservation.target().equals(r.target);
        r.imageId = reservation.imageId();
        r.target = reservation.target();
        r.startAt = reservation.start().truncatedTo(ChronoUnit.MILLIS);
        r.endAt = reservation.end().truncatedTo(ChronoUnit.MILLIS);
        r.cancelled = reservation.cancelled();
        r.state = (reservation.cancelled() ? ReservationState.CANCELLED : ReservationState.SCHEDULED).wire();
        r.location = null;
        r.madeByUs = oursThere;
        r.attempts = 0;
        r.lastError = null;
        r.dryRunStep = null;
        r.updatedAt = now;
    }

    private static boolean same(ReservationRecord r, RainReservation reservation) {
        return r.imageId.equals(reservation.imageId()) && r.target.equals(reservation.target())
                && r.startAt.equals(reservation.start().truncatedTo(ChronoUnit.MILLIS))
                && r.endAt.equals(reservation.end().truncatedTo(ChronoUnit.MILLIS)) && r.cancelled == reservation.cancelled();
    }
}
