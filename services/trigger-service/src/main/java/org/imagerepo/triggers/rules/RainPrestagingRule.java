package org.imagerepo.triggers.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.imagerepo.events.ImageGenerationRequested;
import org.imagerepo.events.ImageStaged;
import org.imagerepo.events.ImageStagingFailed;
import org.imagerepo.events.RainReservation;
import org.imagerepo.events.StagedCopyRemoved;
import org.imagerepo.triggers.model.Outcome;
import org.imagerepo.triggers.model.ReservationRecord;
import org.imagerepo.triggers.model.ReservationState;
import org.imagerepo.triggers.port.NoSuchImageException;
import org.imagerepo.triggers.port.Repository;
import org.imagerepo.triggers.port.RepositoryException;
import org.imagerepo.triggers.port.RepositoryImage;
import org.imagerepo.triggers.repository.ActionLog;
import org.imagerepo.triggers.repository.Outbox;
import org.imagerepo.triggers.repository.ProcessedRecords;
import org.imagerepo.triggers.repository.TriggerDatabase;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Rule {@code rain-prestaging}: keeps the rain service's reservations and, driven by the tick, copies each one's
 * image to its target store {@code lead-time} before the start, and removes that copy {@code release-delay} after
 * the end, but only a copy it made. A reservation for a missing image asks for the image to be generated and
 * fails. Every step is an action row, written with the event it publishes; the state is in the database, so the
 * work goes on after a restart. Copies and removals happen outside any transaction: a reservation is
 * {@code staging} meanwhile, and a restart sends staging reservations back to {@code scheduled}. That the copy is
 * ours ({@code madeByUs}) is written before it starts, so a copy that landed just before a stop is still removed.
 */
@ApplicationScoped
public class RainPrestagingRule {

    public static final String SCHEDULED = "scheduled";
    public static final String REPLACED = "replaced";
    public static final String REJECTED = "rejected";
    public static final String IGNORED = "ignored";
    public static final String CANCELLED = "cancelled";
    public static final String STAGED = "staged";
    public static final String COPY_FAILED = "copy-failed";
    public static final String FAILED = "failed";
    public static final String GENERATION_REQUESTED = "generation-requested";
    public static final String REMOVED_COPY = "removed-copy";
    public static final String REMOVE_FAILED = "remove-failed";
    public static final String RELEASED = "released";

    private static final Logger LOG = Logger.getLogger(RainPrestagingRule.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RuleService rules;

    @Inject
    Repository repository;

    @Inject
    TriggerDatabase database;

    @Inject
    ActionLog actions;

    @Inject
    Outbox outbox;

    @Inject
    ProcessedRecords processed;

    /** A copy cut short by a stop is made again: nothing else would finish it. */
    public void resumeInterruptedCopies(@Observes StartupEvent start) {
        int resumed = QuarkusTransaction.requiringNew().call(() -> database.session().createMutationQuery(
                        "update ReservationRecord set state = :scheduled where state = :staging")
                .setParameter("scheduled", ReservationState.SCHEDULED.wire())
                .setParameter("staging", ReservationState.STAGING.wire()).executeUpdate());
        if (resumed > 0) {
            LOG.infof("%d reservation(s) were being staged at the last stop; staging them again", resumed);
        }
    }

    // ------------------------------------------------------------------------------------------------ records

    /**
     * Takes one record of {@code imagerepo.rain.reservations}, once ({@code recordKey}: its partition and offset).
     * A record with a known reservation id replaces the stored reservation unless that was staged already.
     */
    @Transactional
    public void receive(String recordKey, String json) {
        if (!processed.firstTime(recordKey)) {
            return;
        }
        boolean dryRun = rules.current(Rules.RAIN_PRESTAGING).dryRun();
        RainReservation reservation;
        try {
            reservation = RainReservation.parse(json);
        } catch (IllegalArgumentException e) {
            actions.record(Rules.RAIN_PRESTAGING, subjectOf(json), REJECTED, Outcome.SKIPPED, dryRun, e.getMessage(),
                    "record " + recordKey + ": " + json);
            return;
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ReservationRecord stored = database.session().find(ReservationRecord.class, reservation.reservationId(),
                LockModeType.PESSIMISTIC_WRITE);
        String subject = reservation.reservationId();
        if (stored == null) {
            stored = new ReservationRecord();
            stored.reservationId = reservation.reservationId();
            stored.receivedAt = now;
            fill(stored, reservation, now);
            database.session().persist(stored);
            actions.record(Rules.RAIN_PRESTAGING, subject, reservation.cancelled() ? CANCELLED : SCHEDULED, Outcome.DONE,
                    dryRun, reservation.cancelled() ? "cancelled before it was staged" : "image " + reservation.imageId()
                            + " to " + reservation.target() + " for " + reservation.start() + " to " + reservation.end(),
                    null);
            return;
        }
        if (same(stored, reservation)) {
            return; // the same reservation again: nothing changed
        }
        ReservationState state = stored.state();
        if (reservation.cancelled()) {
            switch (state) {
                case SCHEDULED, FAILED -> {
                    stored.cancelled = true;
                    stored.state = ReservationState.CANCELLED.wire();
                    stored.updatedAt = now;
                    actions.record(Rules.RAIN_PRESTAGING, subject, CANCELLED, Outcome.DONE, dryRun,
                            "cancelled before it was staged", null);
                }
                case STAGING, STAGED -> {
                    stored.cancelled = true; // the tick removes the copy as at the end
                    stored.updatedAt = now;
                    actions.record(Rules.RAIN_PRESTAGING, subject, CANCELLED, Outcome.DONE, dryRun,
                            "cancelled after staging: the staged copy is removed now", null);
                }
                default -> actions.record(Rules.RAIN_PRESTAGING, subject, IGNORED, Outcome.SKIPPED, dryRun,
                        "a cancellation of a reservation that is " + state.wire() + " already", null);
            }
            return;
        }
        if (state == ReservationState.SCHEDULED || state == ReservationState.FAILED || state == ReservationState.CANCELLED) {
            fill(stored, reservation, now);
            actions.record(Rules.RAIN_PRESTAGING, subject, REPLACED, Outcome.DONE, dryRun, "a new record replaced the "
                    + state.wire() + " reservation: image " + reservation.imageId() + " to " + reservation.target()
                    + " for " + reservation.start() + " to " + reservation.end(), null);
            return;
        }
        actions.record(Rules.RAIN_PRESTAGING, subject, IGNORED, Outcome.SKIPPED, dryRun, "a changed record of a "
                + "reservation that is " + state.wire() + " already is not applied (cancel it and send a new reservation)",
                json);
    }

    // ------------------------------------------------------------------------------------------------ the tick

    /** Stages what is due and releases what has ended; called by the tick. */
    public synchronized void tick() {
        RuleSettings rule = rules.current(Rules.RAIN_PRESTAGING);
        if (!rule.enabled()) {
            return;
        }
        Instant now = Instant.now();
        Duration lead = rule.duration("lead-time");
        Duration delay = rule.duration("release-delay");
        List<String> toStage = QuarkusTransaction.requiringNew().call(() -> database.session().createSelectionQuery(
                        "select reservationId from ReservationRecord where state = :state and startAt <= :due order by startAt",
                        String.class)
                .setParameter("state", ReservationState.SCHEDULED.wire()).setParameter("due", now.plus(lead))
                .getResultList());
        for (String id : toStage) {
            stage(id, rule);
        }
        List<String> toRelease = QuarkusTransaction.requiringNew().call(() -> database.session().createSelectionQuery(
                        "select reservationId from ReservationRecord where state = :state and (cancelled = true or endAt <= :ended)"
                                + " order by endAt", String.class)
                .setParameter("state", ReservationState.STAGED.wire()).setParameter("ended", now.minus(delay))
                .getResultList());
        for (String id : toRelease) {
            release(id, rule);
        }
    }

    private void stage(String id, RuleSettings rule) {
        boolean dryRun = rule.dryRun();
        ReservationRecord snapshot = QuarkusTransaction.requiringNew().call(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (r == null || r.state() != ReservationState.SCHEDULED) {
                return null;
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            if (!r.endAt.isAfter(now)) {
                fail(r, "the reservation ended (" + r.endAt + ") before its image could be staged", dryRun);
                return null;
            }
            if (dryRun) {
                if (!STAGED.equals(r.dryRunStep)) {
                    r.dryRunStep = STAGED;
                    actions.record(Rules.RAIN_PRESTAGING, id, STAGED, Outcome.DRY_RUN, true, "would copy image "
                            + r.imageId + " to " + r.target + " for the start at " + r.startAt, null);
                }
                return null;
            }
            r.state = ReservationState.STAGING.wire();
            r.updatedAt = now;
            return copyOf(r);
        });
        if (snapshot == null) {
            return;
        }
        Optional<RepositoryImage> image;
        try {
            image = repository.find(snapshot.imageId);
        } catch (RepositoryException e) {
            copyFailed(id, e.getMessage());
            return;
        }
        if (image.isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> {
                ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
                String reason = "image " + r.imageId + " does not exist: its generation was requested (on "
                        + "imagerepo.image-requests); send a new reservation once it is registered";
                outbox.queue(ImageGenerationRequested.of(Rules.ACTOR, id, r.imageId, r.target,
                        "rain reservation " + id + " needs image " + r.imageId + " on " + r.target + " at " + r.startAt));
                actions.record(Rules.RAIN_PRESTAGING, id, GENERATION_REQUESTED, Outcome.DONE, false,
                        "image " + r.imageId + " does not exist", null);
                fail(r, reason, false);
            });
            return;
        }
        Optional<String> present = image.get().locationIn(snapshot.target);
        if (present.isPresent()) {
            // A copy there is ours if an earlier attempt of ours was under way (it may have finished after a stop).
            staged(id, present.get(), snapshot.madeByUs);
            return;
        }
        // Committed before the copy starts: a stop after the copy landed but before "staged" was written leaves a
        // copy that the retry must recognise as ours, to remove it after the end.
        QuarkusTransaction.requiringNew().run(() ->
                database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE).madeByUs = true);
        String location;
        try {
            location = repository.copy(snapshot.imageId, snapshot.target, rule.duration("copy-timeout"));
        } catch (RepositoryException e) {
            copyFailed(id, e.getMessage());
            return;
        }
        staged(id, location, true);
    }

    private void staged(String id, String location, boolean madeByUs) {
        QuarkusTransaction.requiringNew().run(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            r.state = ReservationState.STAGED.wire();
            r.location = location;
            r.madeByUs = madeByUs;
            r.lastError = null;
            r.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            outbox.queue(ImageStaged.of(Rules.ACTOR, id, r.imageId, r.target, location));
            actions.record(Rules.RAIN_PRESTAGING, id, STAGED, Outcome.DONE, false, madeByUs
                    ? "copied image " + r.imageId + " to " + r.target + " at " + location
                    : "image " + r.imageId + " was in " + r.target + " already, at " + location
                      + ": no copy made, and it is left there after the end", null);
        });
    }

    /** Retried each tick until the start, then given up. */
    private void copyFailed(String id, String error) {
        QuarkusTransaction.requiringNew().run(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            r.attempts++;
            r.lastError = error;
            r.updatedAt = now;
            if (r.cancelled) { // withdrawn while the copy was under way: nothing to retry
                r.state = ReservationState.CANCELLED.wire();
                actions.record(Rules.RAIN_PRESTAGING, id, CANCELLED, Outcome.DONE, false, "cancelled while its image "
                        + "was being copied; the copy failed: " + error, null);
            } else if (now.isBefore(r.startAt)) {
                r.state = ReservationState.SCHEDULED.wire();
                actions.record(Rules.RAIN_PRESTAGING, id, COPY_FAILED, Outcome.FAILED, false, "copying image " + r.imageId
                        + " to " + r.target + " failed (attempt " + r.attempts + "), retried until the start at "
                        + r.startAt + ": " + error, null);
            } else {
                fail(r, "copying image " + r.imageId + " to " + r.target + " failed " + r.attempts
                        + " time(s) until the start at " + r.startAt + "; the last error: " + error, false);
            }
        });
    }

    /** In the caller's transaction: the reservation failed, and the rain service is told why. */
    private void fail(ReservationRecord r, String reason, boolean dryRun) {
        if (dryRun) {
            if (!FAILED.equals(r.dryRunStep)) {
                r.dryRunStep = FAILED;
                actions.record(Rules.RAIN_PRESTAGING, r.reservationId, FAILED, Outcome.DRY_RUN, true, reason, null);
            }
            return;
        }
        r.state = ReservationState.FAILED.wire();
        r.lastError = reason;
        r.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        outbox.queue(ImageStagingFailed.of(Rules.ACTOR, r.reservationId, r.imageId, r.target, reason));
        actions.record(Rules.RAIN_PRESTAGING, r.reservationId, FAILED, Outcome.FAILED, false, reason, null);
    }

    private void release(String id, RuleSettings rule) {
        boolean dryRun = rule.dryRun();
        ReservationRecord snapshot = QuarkusTransaction.requiringNew().call(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (r == null || r.state() != ReservationState.STAGED) {
                return null;
            }
            String why = r.cancelled ? "the reservation was cancelled" : "the reservation ended at " + r.endAt;
            if (dryRun) {
                if (!RELEASED.equals(r.dryRunStep)) {
                    r.dryRunStep = RELEASED;
                    actions.record(Rules.RAIN_PRESTAGING, id, r.madeByUs ? REMOVED_COPY : RELEASED, Outcome.DRY_RUN, true,
                            why + (r.madeByUs ? ": would remove the staged copy " + r.location
                                    : ": the copy " + r.location + " was there before and would stay"), null);
                }
                return null;
            }
            if (!r.madeByUs) {
                r.state = (r.cancelled ? ReservationState.CANCELLED : ReservationState.RELEASED).wire();
                r.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                actions.record(Rules.RAIN_PRESTAGING, id, RELEASED, Outcome.DONE, false, why + ": the copy " + r.location
                        + " was there before the reservation and is left alone", null);
                return null;
            }
            return copyOf(r);
        });
        if (snapshot == null) {
            return;
        }
        String note = "";
        try {
            repository.removeLocation(snapshot.imageId, snapshot.location);
        } catch (NoSuchImageException e) {
            note = " (the image had been removed meanwhile)";
        } catch (RepositoryException e) {
            QuarkusTransaction.requiringNew().run(() -> {
                ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
                r.attempts++;
                r.lastError = e.getMessage();
                r.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                actions.record(Rules.RAIN_PRESTAGING, id, REMOVE_FAILED, Outcome.FAILED, false, "removing the staged copy "
                        + r.location + " failed, retried next tick: " + e.getMessage(), null);
            });
            return;
        }
        String removedNote = note;
        QuarkusTransaction.requiringNew().run(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            r.state = (r.cancelled ? ReservationState.CANCELLED : ReservationState.RELEASED).wire();
            r.updatedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            outbox.queue(StagedCopyRemoved.of(Rules.ACTOR, id, r.imageId, r.target, r.location));
            actions.record(Rules.RAIN_PRESTAGING, id, REMOVED_COPY, Outcome.DONE, false, (r.cancelled
                    ? "the reservation was cancelled" : "the reservation ended at " + r.endAt) + ": removed the staged copy "
                    + r.location + removedNote, null);
        });
    }

    @Transactional
    public Optional<ReservationRecord> find(String reservationId) {
        return Optional.ofNullable(database.session().find(ReservationRecord.class, reservationId));
    }

    /** The reservations seen, the latest to start first. */
    @Transactional
    public List<ReservationRecord> list(String state, int limit, int offset) {
        var query = database.session().createSelectionQuery("from ReservationRecord"
                + (state == null ? "" : " where state = :state") + " order by startAt desc, reservationId",
                ReservationRecord.class);
        if (state != null) {
            query.setParameter("state", state);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    // ------------------------------------------------------------------------------------------------ helpers

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

    /** The fields the remote steps need, detached from the session. */
    private static ReservationRecord copyOf(ReservationRecord r) {
        ReservationRecord copy = new ReservationRecord();
        copy.reservationId = r.reservationId;
        copy.imageId = r.imageId;
        copy.target = r.target;
        copy.startAt = r.startAt;
        copy.endAt = r.endAt;
        copy.location = r.location;
        copy.madeByUs = r.madeByUs;
        return copy;
    }

    /** The reservation id of an invalid record if it has one, for the action row. */
    private static String subjectOf(String json) {
        try {
            JsonNode id = JSON.readTree(json).get("reservationId");
            if (id != null && id.isTextual() && !id.asText().isBlank()) {
                return id.asText();
            }
        } catch (Exception e) {
            // not JSON at all
        }
        return "(no reservation id)";
    }
}
