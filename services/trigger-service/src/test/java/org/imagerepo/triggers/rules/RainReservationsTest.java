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
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule rain-prestaging's state machine: every move of a reservation, with the action rows and events it gives. */
class RainReservationsTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final Instant START = Instant.parse("2026-12-08T08:00:00Z");
    private static final Instant END = Instant.parse("2026-12-08T18:00:00Z");

    /** One action row as the rule would write it. */
    private record Action(String subject, String action, Outcome outcome, boolean dryRun, String reason, String detail) {
    }

    private final List<Action> actions = new ArrayList<>();
    private final List<RepositoryEvent> events = new ArrayList<>();
    private final RainReservations machine = new RainReservations(new RainReservations.Effects() {
        @Override
        public void record(String subject, String action, Outcome outcome, boolean dryRun, String reason, String detail) {
            actions.add(new Action(subject, action, outcome, dryRun, reason, detail));
        }

        @Override
        public void announce(RepositoryEvent event) {
            events.add(event);
        }
    });

    // ---------------------------------------------------------------------------------------------- received records

    @Test
    void aNewReservationIsScheduledAsReceived() {
        ReservationRecord r = machine.receive(null, reservation(false), "{}", NOW, false);
        assertEquals(List.of("res-1", "img-1", "s3", START, END, "scheduled", NOW, NOW),
                List.of(r.reservationId, r.imageId, r.target, r.startAt, r.endAt, r.state, r.receivedAt, r.updatedAt));
        assertEquals(List.of(new Action("res-1", "scheduled", Outcome.DONE, false,
                "image img-1 to s3 for " + START + " to " + END, null)), actions);
        assertTrue(events.isEmpty());
    }

    @Test
    void aNewCancelledReservationIsKeptCancelled() {
        ReservationRecord r = machine.receive(null, reservation(true), "{}", NOW, true);
        assertEquals(ReservationState.CANCELLED, r.state());
        assertEquals(List.of(new Action("res-1", "cancelled", Outcome.DONE, true, "cancelled before it was staged", null)),
                actions);
    }

    @Test
    void theSameRecordAgainChangesNothing() {
        ReservationRecord r = in(ReservationState.STAGED);
        assertSame(r, machine.receive(r, reservation(false), "{}", NOW.plusSeconds(60), false));
        assertEquals(ReservationState.STAGED, r.state());
        assertEquals(NOW, r.updatedAt);
        assertTrue(actions.isEmpty());
    }

    @Test
    void aCancellationBeforeStagingCancelsTheReservation() {
        for (ReservationState state : List.of(ReservationState.SCHEDULED, ReservationState.FAILED)) {
            ReservationRecord r = in(state);
            machine.receive(r, reservation(true), "{}", NOW.plusSeconds(60), false);
            assertEquals(ReservationState.CANCELLED, r.state(), state.wire());
            assertTrue(r.cancelled);
            assertEquals(NOW.plusSeconds(60), r.updatedAt);
        }
        assertEquals(2, actions.stream().filter(a -> a.action().equals("cancelled")
                && a.reason().equals("cancelled before it was staged")).count());
    }

    @Test
    void aCancellationAfterStagingLeavesTheCopyForTheTickToRemove() {
        for (ReservationState state : List.of(ReservationState.STAGING, ReservationState.STAGED)) {
            ReservationRecord r = in(state);
            machine.receive(r, reservation(true), "{}", NOW.plusSeconds(60), false);
            assertEquals(state, r.state());
            assertTrue(r.cancelled);
        }
        assertEquals("cancelled after staging: the staged copy is removed now", actions.get(1).reason());
    }

    @Test
    void aCancellationOfAFinishedReservationIsIgnored() {
        ReservationRecord r = in(ReservationState.RELEASED);
        machine.receive(r, reservation(true), "{}", NOW.plusSeconds(60), false);
        assertEquals(ReservationState.RELEASED, r.state());
        assertFalse(r.cancelled);
        assertEquals(List.of(new Action("res-1", "ignored", Outcome.SKIPPED, false,
                "a cancellation of a reservation that is released already", null)), actions);
    }

    @Test
    void aChangedRecordReplacesAReservationNotYetStaged() {
        ReservationRecord r = in(ReservationState.FAILED);
        r.attempts = 3;
        r.lastError = "store down";
        RainReservation later = new RainReservation("res-1", "img-2", "s3", START.plusSeconds(3600), END, false);
        machine.receive(r, later, "{}", NOW.plusSeconds(60), false);
        assertEquals(List.of("img-2", START.plusSeconds(3600), "scheduled", 0), List.of(r.imageId, r.startAt, r.state,
                r.attempts));
        assertNull(r.lastError);
        assertEquals("replaced", actions.get(0).action());
        assertTrue(actions.get(0).reason().startsWith("a new record replaced the failed reservation: image img-2"),
                actions.get(0).reason());
    }

    @Test
    void aReplacementKeepsOurCopyOnlyWhenItIsForTheSameImageAndTarget() {
        ReservationRecord sameTarget = in(ReservationState.SCHEDULED);
        sameTarget.madeByUs = true;
        machine.receive(sameTarget, new RainReservation("res-1", "img-1", "s3", START.plusSeconds(60), END, false),
                "{}", NOW, false);
        assertTrue(sameTarget.madeByUs);
        ReservationRecord otherTarget = in(ReservationState.SCHEDULED);
        otherTarget.madeByUs = true;
        machine.receive(otherTarget, new RainReservation("res-1", "img-1", "swift", START, END, false), "{}", NOW, false);
        assertFalse(otherTarget.madeByUs);
    }

    @Test
    void aChangedRecordOfAStagedReservationIsNotAppliedButKept() {
        ReservationRecord r = in(ReservationState.STAGED);
        String json = "{\"reservationId\": \"res-1\", \"imageId\": \"img-9\"}";
        machine.receive(r, new RainReservation("res-1", "img-9", "s3", START, END, false), json, NOW, false);
        assertEquals("img-1", r.imageId);
        assertEquals(List.of(new Action("res-1", "ignored", Outcome.SKIPPED, false, "a changed record of a reservation "
                + "that is staged already is not applied (cancel it and send a new reservation)", json)), actions);
    }

    // ---------------------------------------------------------------------------------------------- staging

    @Test
    void aDueReservationStartsStaging() {
        ReservationRecord r = in(ReservationState.SCHEDULED);
        assertTrue(machine.startStaging(r, NOW, false));
        assertEquals(ReservationState.STAGING, r.state());
        assertTrue(actions.isEmpty());
    }

    @Test
    void onlyAScheduledReservationStartsStaging() {
        assertFalse(machine.startStaging(null, NOW, false));
        ReservationRecord staging = in(ReservationState.STAGING);
        assertFalse(machine.startStaging(staging, NOW, false));
        assertEquals(ReservationState.STAGING, staging.state());
        assertTrue(actions.isEmpty());
    }

    @Test
    void aReservationThatEndedBeforeItsImageWasStagedFailsAndTheRainServiceIsTold() {
        ReservationRecord r = in(ReservationState.SCHEDULED);
        assertFalse(machine.startStaging(r, END, false));
        String reason = "the reservation ended (" + END + ") before its image could be staged";
        assertEquals(List.of("failed", reason), List.of(r.state, r.lastError));
        assertEquals(List.of(new Action("res-1", "failed", Outcome.FAILED, false, reason, null)), actions);
        assertEquals(reason, assertInstanceOf(ImageStagingFailed.class, events.get(0)).reason());
    }

    @Test
    void aDryRunSaysOnceWhatItWouldCopyAndChangesNothing() {
        ReservationRecord r = in(ReservationState.SCHEDULED);
        assertFalse(machine.startStaging(r, NOW, true));
        assertFalse(machine.startStaging(r, NOW.plusSeconds(10), true));
        assertEquals(ReservationState.SCHEDULED, r.state());
        assertEquals(List.of(new Action("res-1", "staged", Outcome.DRY_RUN, true,
                "would copy image img-1 to s3 for the start at " + START, null)), actions);
    }

    @Test
    void aDryRunSaysOnceThatAnEndedReservationWouldFail() {
        ReservationRecord r = in(ReservationState.SCHEDULED);
        machine.startStaging(r, END, true);
        machine.startStaging(r, END, true);
        assertEquals(ReservationState.SCHEDULED, r.state());
        assertEquals(1, actions.size());
        assertEquals(Outcome.DRY_RUN, actions.get(0).outcome());
        assertTrue(events.isEmpty());
    }

    @Test
    void aMissingImageIsAskedForAndTheReservationFails() {
        ReservationRecord r = in(ReservationState.STAGING);
        machine.imageMissing(r, NOW);
        assertEquals(ReservationState.FAILED, r.state());
        assertEquals(List.of("generation-requested", "failed"), actions.stream().map(Action::action).toList());
        ImageGenerationRequested asked = assertInstanceOf(ImageGenerationRequested.class, events.get(0));
        assertEquals("rain reservation res-1 needs image img-1 on s3 at " + START, asked.reason());
        assertInstanceOf(ImageStagingFailed.class, events.get(1));
    }

    @Test
    void aStagedCopySaysWhetherWeMadeIt() {
        ReservationRecord ours = in(ReservationState.STAGING);
        machine.staged(ours, "s3://bucket/img-1", true, NOW);
        assertEquals(List.of("staged", "s3://bucket/img-1", true), List.of(ours.state, ours.location, ours.madeByUs));
        assertEquals("copied image img-1 to s3 at s3://bucket/img-1", actions.get(0).reason());
        assertEquals("s3://bucket/img-1", assertInstanceOf(ImageStaged.class, events.get(0)).location());
        ReservationRecord theirs = in(ReservationState.STAGING);
        machine.staged(theirs, "s3://bucket/img-1", false, NOW);
        assertFalse(theirs.madeByUs);
        assertEquals("image img-1 was in s3 already, at s3://bucket/img-1: no copy made, and it is left there after the "
                + "end", actions.get(1).reason());
    }

    // ---------------------------------------------------------------------------------------------- failed copies

    @Test
    void aFailedCopyIsRetriedUntilTheStart() {
        ReservationRecord r = in(ReservationState.STAGING);
        machine.copyFailed(r, "store down", NOW);
        assertEquals(List.of("scheduled", 1, "store down"), List.of(r.state, r.attempts, r.lastError));
        assertEquals(List.of(new Action("res-1", "copy-failed", Outcome.FAILED, false, "copying image img-1 to s3 failed "
                + "(attempt 1), retried until the start at " + START + ": store down", null)), actions);
        assertTrue(events.isEmpty());
    }

    @Test
    void aCopyStillFailingAtTheStartIsGivenUp() {
        ReservationRecord r = in(ReservationState.STAGING);
        r.attempts = 4;
        machine.copyFailed(r, "store down", START);
        String reason = "copying image img-1 to s3 failed 5 time(s) until the start at " + START
                + "; the last error: store down";
        assertEquals(List.of("failed", reason), List.of(r.state, r.lastError));
        assertEquals(reason, assertInstanceOf(ImageStagingFailed.class, events.get(0)).reason());
    }

    @Test
    void aCopyThatFailedAfterACancellationIsNotRetried() {
        ReservationRecord r = in(ReservationState.STAGING);
        r.cancelled = true;
        machine.copyFailed(r, "store down", NOW);
        assertEquals(ReservationState.CANCELLED, r.state());
        assertEquals("cancelled while its image was being copied; the copy failed: store down", actions.get(0).reason());
        assertTrue(events.isEmpty());
    }

    // ---------------------------------------------------------------------------------------------- release

    @Test
    void ourCopyIsToBeRemovedAfterTheEnd() {
        ReservationRecord r = staged(true);
        assertTrue(machine.startRelease(r, END, false));
        assertEquals(ReservationState.STAGED, r.state());
        assertTrue(actions.isEmpty());
    }

    @Test
    void aCopyThatWasThereBeforeIsLeftAlone() {
        ReservationRecord r = staged(false);
        assertFalse(machine.startRelease(r, END, false));
        assertEquals(ReservationState.RELEASED, r.state());
        assertEquals("the reservation ended at " + END + ": the copy s3://bucket/img-1 was there before the reservation "
                + "and is left alone", actions.get(0).reason());
    }

    @Test
    void onlyAStagedReservationIsReleased() {
        assertFalse(machine.startRelease(null, END, false));
        assertFalse(machine.startRelease(in(ReservationState.SCHEDULED), END, false));
        assertTrue(actions.isEmpty());
    }

    @Test
    void aDryRunSaysOnceWhatItWouldRemove() {
        ReservationRecord r = staged(true);
        r.cancelled = true;
        assertFalse(machine.startRelease(r, END, true));
        assertFalse(machine.startRelease(r, END, true));
        assertEquals(ReservationState.STAGED, r.state());
        assertEquals(List.of(new Action("res-1", "removed-copy", Outcome.DRY_RUN, true,
                "the reservation was cancelled: would remove the staged copy s3://bucket/img-1", null)), actions);
    }

    @Test
    void aRemovedCopyEndsTheReservationReleasedOrCancelled() {
        ReservationRecord ended = staged(true);
        machine.removed(ended, "", END);
        assertEquals(ReservationState.RELEASED, ended.state());
        assertEquals("the reservation ended at " + END + ": removed the staged copy s3://bucket/img-1",
                actions.get(0).reason());
        assertEquals("s3://bucket/img-1", assertInstanceOf(StagedCopyRemoved.class, events.get(0)).location());
        ReservationRecord cancelled = staged(true);
        cancelled.cancelled = true;
        machine.removed(cancelled, " (the image had been removed meanwhile)", END);
        assertEquals(ReservationState.CANCELLED, cancelled.state());
        assertEquals("the reservation was cancelled: removed the staged copy s3://bucket/img-1 (the image had been "
                + "removed meanwhile)", actions.get(1).reason());
    }

    @Test
    void aFailedRemovalIsRetriedAndTheReservationStaysStaged() {
        ReservationRecord r = staged(true);
        machine.removeFailed(r, "store down", END);
        assertEquals(List.of("staged", 1, "store down"), List.of(r.state, r.attempts, r.lastError));
        assertEquals(List.of(new Action("res-1", "remove-failed", Outcome.FAILED, false,
                "removing the staged copy s3://bucket/img-1 failed, retried next tick: store down", null)), actions);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static RainReservation reservation(boolean cancelled) {
        return new RainReservation("res-1", "img-1", "s3", START, END, cancelled);
    }

    /** Reservation res-1 as stored, in {@code state}, last changed at NOW. */
    private static ReservationRecord in(ReservationState state) {
        ReservationRecord r = new ReservationRecord();
        r.reservationId = "res-1";
        r.imageId = "img-1";
        r.target = "s3";
        r.startAt = START;
        r.endAt = END;
        r.state = state.wire();
        r.receivedAt = NOW;
        r.updatedAt = NOW;
        return r;
    }

    private static ReservationRecord staged(boolean madeByUs) {
        ReservationRecord r = in(ReservationState.STAGED);
        r.location = "s3://bucket/img-1";
        r.madeByUs = madeByUs;
        return r;
    }
}
