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
import org.imagerepo.events.RainReservation;
import org.imagerepo.events.RepositoryEvent;
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

    private static final String REJECTED = "rejected";
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

    /** The reservations' state machine; it writes its action rows and events in the current transaction. */
    private final RainReservations reservations = new RainReservations(new RainReservations.Effects() {
        @Override
        public void record(String subject, String action, Outcome outcome, boolean dryRun, String reason, String detail) {
            actions.record(Rules.RAIN_PRESTAGING, subject, action, outcome, dryRun, reason, detail);
        }

        @Override
        public void announce(RepositoryEvent event) {
            outbox.queue(event);
        }
    });

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
        ReservationRecord stored = database.session().find(ReservationRecord.class, reservation.reservationId(),
                LockModeType.PESSIMISTIC_WRITE);
        ReservationRecord received = reservations.receive(stored, reservation, json, now(), dryRun);
        if (stored == null) {
            database.session().persist(received);
        }
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
        ReservationRecord snapshot = QuarkusTransaction.requiringNew().call(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            return reservations.startStaging(r, now(), rule.dryRun()) ? copyOf(r) : null;
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
            QuarkusTransaction.requiringNew().run(() -> reservations.imageMissing(locked(id), now()));
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
        QuarkusTransaction.requiringNew().run(() -> locked(id).madeByUs = true);
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
        QuarkusTransaction.requiringNew().run(() -> reservations.staged(locked(id), location, madeByUs, now()));
    }

    private void copyFailed(String id, String error) {
        QuarkusTransaction.requiringNew().run(() -> reservations.copyFailed(locked(id), error, now()));
    }

    private void release(String id, RuleSettings rule) {
        ReservationRecord snapshot = QuarkusTransaction.requiringNew().call(() -> {
            ReservationRecord r = database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
            return reservations.startRelease(r, now(), rule.dryRun()) ? copyOf(r) : null;
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
            QuarkusTransaction.requiringNew().run(() -> reservations.removeFailed(locked(id), e.getMessage(), now()));
            return;
        }
        String removedNote = note;
        QuarkusTransaction.requiringNew().run(() -> reservations.removed(locked(id), removedNote, now()));
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

    private ReservationRecord locked(String id) {
        return database.session().find(ReservationRecord.class, id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Milliseconds: what every database keeps alike. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
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
