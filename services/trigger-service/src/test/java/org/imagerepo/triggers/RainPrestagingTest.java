package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.imagerepo.events.ImageGenerationRequested;
import org.imagerepo.events.ImageStaged;
import org.imagerepo.events.ImageStagingFailed;
import org.imagerepo.events.RainReservation;
import org.imagerepo.events.StagedCopyRemoved;
import org.imagerepo.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.triggers.model.ReservationRecord;
import org.imagerepo.triggers.model.ReservationState;
import org.imagerepo.triggers.repository.TriggerDatabase;
import org.imagerepo.triggers.rules.RainPrestagingRule;
import org.imagerepo.triggers.rules.Rules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.triggers.TriggerApi.RESERVATIONS;
import static org.imagerepo.triggers.TriggerApi.actionNames;
import static org.imagerepo.triggers.TriggerApi.actionsAbout;
import static org.imagerepo.triggers.TriggerApi.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rule rain-prestaging, driven by reservation records sent to the real broker, its events read back from it, and
 * its actions and reservations read through the REST API; the repository is the in-memory port.
 */
@NeedsServers
@QuarkusTest
class RainPrestagingTest {

    @Inject
    InMemoryRepository repository;

    @Inject
    TriggerDatabase database;

    @Inject
    RainPrestagingRule rain;

    @AfterEach
    void restoreDefaults() {
        TriggerApi.resetRule(Rules.RAIN_PRESTAGING, "lead-time", "release-delay");
    }

    @Test
    void theImageIsCopiedLeadTimeBeforeTheStartAndTheCopyRemovedAfterTheEnd() {
        TriggerApi.setting(Rules.RAIN_PRESTAGING, "lead-time", "PT3S");
        String image = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(image, "alice", Duration.ofDays(1)));
        String id = TriggerApi.newId("res");
        Instant start = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.MILLIS);
        Instant end = start.plusSeconds(1);
        try (Kafka.Watch staging = Kafka.watch(Topics.STAGING)) {
            send(new RainReservation(id, image, "s3", start, end, false));

            ImageStaged staged = staging.await(ImageStaged.class, id);
            assertEquals(image, staged.imageId());
            assertEquals("s3", staged.target());
            assertEquals("s3://copies/" + image, staged.location());
            assertFalse(staged.occurredAt().isBefore(start.minusSeconds(3).minusMillis(500)), "not before start - lead-time");
            assertTrue(staged.occurredAt().isBefore(start), "staged before the start");
            assertTrue(repository.get(image).orElseThrow().locations().contains("s3://copies/" + image));

            StagedCopyRemoved removed = staging.await(StagedCopyRemoved.class, id);
            assertEquals("s3://copies/" + image, removed.location());
            assertFalse(removed.occurredAt().isBefore(end), "removed after the end");
        }
        assertEquals(List.of("fs://images/" + image), repository.get(image).orElseThrow().locations());
        assertEquals(List.of(image + "->s3"), repository.copies().stream().filter(c -> c.startsWith(image)).toList());
        Map<String, Object> reservation = reservation(id);
        assertEquals("released", reservation.get("state"));
        assertEquals(true, reservation.get("madeByUs"));
        assertEquals(List.of("scheduled", "staged", "removed-copy"), actionNames(id));
    }

    @Test
    void aCopyThatWasThereBeforeIsNotMadeAgainAndNotRemoved() {
        String image = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(image, "alice", Duration.ofDays(1)));
        String id = TriggerApi.newId("res-there");
        Instant start = Instant.now().plusSeconds(1);
        try (Kafka.Watch staging = Kafka.watch(Topics.STAGING)) {
            send(new RainReservation(id, image, "fs", start, start.plusSeconds(8), false));
            assertEquals("fs://images/" + image, staging.await(ImageStaged.class, id).location());
            await().atMost(Kafka.WAIT).until(() -> "released".equals(reservation(id).get("state")));
            staging.assertNoOther(StagedCopyRemoved.class, id);
        }
        assertEquals(false, reservation(id).get("madeByUs"));
        assertEquals(List.of("fs://images/" + image), repository.get(image).orElseThrow().locations());
        assertTrue(repository.copies().stream().noneMatch(c -> c.startsWith(image)));
        assertEquals(List.of("scheduled", "staged", "released"), actionNames(id));
    }

    @Test
    void aReservationForAMissingImageRequestsItsGenerationAndFails() {
        String image = UUID.randomUUID().toString();
        String id = TriggerApi.newId("res-missing");
        Instant start = Instant.now().plusSeconds(60);
        try (Kafka.Watch staging = Kafka.watch(Topics.STAGING); Kafka.Watch requests = Kafka.watch(Topics.IMAGE_REQUESTS)) {
            send(new RainReservation(id, image, "swift", start, start.plusSeconds(60), false));
            ImageGenerationRequested requested = requests.await(ImageGenerationRequested.class, image);
            assertEquals(id, requested.reservationId());
            assertEquals("swift", requested.target());
            ImageStagingFailed failed = staging.await(ImageStagingFailed.class, id);
            assertTrue(failed.reason().contains("image " + image + " does not exist"), failed.reason());
        }
        Map<String, Object> reservation = reservation(id);
        assertEquals("failed", reservation.get("state"));
        assertEquals(List.of("scheduled", "generation-requested", "failed"), actionNames(id));
    }

    @Test
    void anInvalidRecordIsRejectedWithWhatIsWrongAndSkipped() {
        String id = TriggerApi.newId("res-invalid");
        Kafka.send(Topics.RAIN_RESERVATIONS, id, "{\"reservationId\": \"" + id + "\", \"imageId\": \"x\", "
                + "\"start\": \"2030-01-01T10:00:00Z\", \"end\": \"2030-01-01T09:00:00Z\"}");
        await().atMost(Kafka.WAIT).until(() -> !actionsAbout(id).isEmpty());
        Map<String, Object> rejected = actionsAbout(id).get(0);
        assertEquals("rejected", rejected.get("action"));
        assertEquals("skipped", rejected.get("outcome"));
        String reason = (String) rejected.get("reason");
        assertTrue(reason.contains("target is missing") && reason.contains("end must be after start"), reason);
        asAdmin().get(RESERVATIONS + "/" + id).then().statusCode(404);
        assertTrue(reservations().stream().noneMatch(r -> id.equals(r.get("reservationId"))), "not listed");
    }

    @Test
    void theSameRecordTwiceActsOnceAndAChangedOneReplacesTheUnstagedReservation() {
        String image = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(image, "alice", Duration.ofDays(1)));
        repository.put(InMemoryRepository.available(other, "alice", Duration.ofDays(1)));
        String id = TriggerApi.newId("res-again");
        Instant start = Instant.now().plus(Duration.ofDays(2));
        RainReservation reservation = new RainReservation(id, image, "s3", start, start.plusSeconds(3600), false);
        send(reservation);
        send(reservation);
        Kafka.send(Topics.RAIN_RESERVATIONS, id, "{\"reservationId\": \"" + id + "-marker\"}"); // same partition, after them
        await().atMost(Kafka.WAIT).until(() -> !actionsAbout(id + "-marker").isEmpty());
        assertEquals(List.of("scheduled"), actionNames(id));

        send(new RainReservation(id, other, "s3", start, start.plusSeconds(3600), false));
        await().atMost(Kafka.WAIT).until(() -> actionNames(id).size() == 2);
        assertEquals(List.of("scheduled", "replaced"), actionNames(id));
        assertEquals(other, reservation(id).get("imageId"));
        assertEquals("scheduled", reservation(id).get("state"));

        send(new RainReservation(id, other, "s3", start, start.plusSeconds(3600), true));
        await().atMost(Kafka.WAIT).until(() -> "cancelled".equals(reservation(id).get("state")));
        assertTrue(repository.copies().stream().noneMatch(c -> c.startsWith(image) || c.startsWith(other)), "nothing copied");
    }

    @Test
    void aFailedCopyIsRetriedAtTheNextTickAndACancellationAfterStagingRemovesTheCopy() {
        String image = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(image, "alice", Duration.ofDays(1)));
        repository.failCopies(image, 1);
        String id = TriggerApi.newId("res-retry");
        Instant start = Instant.now().plus(Duration.ofMinutes(10));
        RainReservation reservation = new RainReservation(id, image, "gridfs", start, start.plus(Duration.ofHours(1)), false);
        try (Kafka.Watch staging = Kafka.watch(Topics.STAGING)) {
            send(reservation);
            staging.await(ImageStaged.class, id);
            send(new RainReservation(id, image, "gridfs", reservation.start(), reservation.end(), true));
            assertEquals("gridfs://copies/" + image, staging.await(StagedCopyRemoved.class, id).location());
        }
        assertEquals("cancelled", reservation(id).get("state"));
        assertEquals(List.of("scheduled", "copy-failed", "staged", "cancelled", "removed-copy"), actionNames(id));
        assertEquals("failed", actionsAbout(id).get(3).get("outcome")); // copy-failed, counted from the newest
    }

    @Test
    void aCopyCutShortByAStopIsMadeAgainAfterTheRestart() {
        String image = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(image, "alice", Duration.ofDays(1)));
        String id = TriggerApi.newId("res-restart");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        // As the last run left it: copying when the service stopped.
        QuarkusTransaction.requiringNew().run(() -> {
            ReservationRecord r = new ReservationRecord();
            r.reservationId = id;
            r.imageId = image;
            r.target = "swift";
            r.startAt = now.plus(Duration.ofMinutes(30));
            r.endAt = now.plus(Duration.ofHours(1));
            r.state = ReservationState.STAGING.wire();
            r.receivedAt = now;
            r.updatedAt = now;
            database.session().persist(r);
        });
        try (Kafka.Watch staging = Kafka.watch(Topics.STAGING)) {
            rain.resumeInterruptedCopies(new StartupEvent());
            assertEquals("swift://copies/" + image, staging.await(ImageStaged.class, id).location());
        }
        assertEquals("staged", reservation(id).get("state"));
    }

    @Test
    void aCopyThatLandedJustBeforeAStopIsRecognisedAsOursAndRemovedAfterTheEnd() {
        String image = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(image, "alice", Duration.ofDays(1)));
        repository.stopAfterNextCopy(image);
        String id = TriggerApi.newId("res-stopped");
        Instant start = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.MILLIS);
        try (Kafka.Watch staging = Kafka.watch(Topics.STAGING)) {
            send(new RainReservation(id, image, "swift", start, start.plusSeconds(2), false));
            // The copy is in the target, but the stop came before "staged" was written.
            await().atMost(Kafka.WAIT).until(() -> repository.get(image).orElseThrow().locationIn("swift").isPresent()
                    && "staging".equals(reservation(id).get("state")));
            rain.resumeInterruptedCopies(new StartupEvent());

            assertEquals("swift://copies/" + image, staging.await(ImageStaged.class, id).location());
            assertEquals("swift://copies/" + image, staging.await(StagedCopyRemoved.class, id).location());
        }
        assertEquals(List.of(image + "->swift"), repository.copies().stream().filter(c -> c.startsWith(image)).toList(),
                "copied once");
        assertEquals(List.of("fs://images/" + image), repository.get(image).orElseThrow().locations());
        assertEquals(true, reservation(id).get("madeByUs"));
        assertEquals(List.of("scheduled", "staged", "removed-copy"), actionNames(id));
    }

    private static void send(RainReservation reservation) {
        Kafka.send(Topics.RAIN_RESERVATIONS, reservation.reservationId(), reservation.toJson());
    }

    private static List<Map<String, Object>> reservations() {
        return asAdmin().queryParam("limit", 1000).get(RESERVATIONS).then().statusCode(200)
                .extract().jsonPath().getList("reservations");
    }

    private static Map<String, Object> reservation(String id) {
        return asAdmin().get(RESERVATIONS + "/" + id).then().statusCode(200).extract().jsonPath().getMap("");
    }

}
