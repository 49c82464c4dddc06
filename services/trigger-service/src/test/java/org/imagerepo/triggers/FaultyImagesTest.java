package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.triggers.port.CopyCheck;
import org.imagerepo.triggers.rules.Rules;
import org.imagerepo.vocabulary.ImageStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.triggers.TriggerApi.RULES;
import static org.imagerepo.triggers.TriggerApi.actionNames;
import static org.imagerepo.triggers.TriggerApi.actionsAbout;
import static org.imagerepo.triggers.TriggerApi.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule faulty-images: its scan over the in-memory port, and failed uploads seen on the real broker. */
@NeedsServers
@QuarkusTest
class FaultyImagesTest {

    @Inject
    InMemoryRepository repository;

    @AfterEach
    void restoreDefaults() {
        TriggerApi.resetRule(Rules.FAULTY_IMAGES, "stuck-after", "failed-after", "verify-every");
    }

    @Test
    void stuckUploadsAreMarkedFailedAndRemovedAndOldFailuresRemovedWhileRecentOnesStay() {
        String stuck = UUID.randomUUID().toString();
        String failedLongAgo = UUID.randomUUID().toString();
        String freshPending = UUID.randomUUID().toString();
        String available = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.withStatus(stuck, "bob", ImageStatus.PENDING.wire(), Duration.ofHours(2)));
        repository.put(InMemoryRepository.withStatus(failedLongAgo, "bob", ImageStatus.FAILED.wire(), Duration.ofHours(2)));
        repository.put(InMemoryRepository.withStatus(freshPending, "bob", ImageStatus.PENDING.wire(), Duration.ofMinutes(5)));
        repository.put(InMemoryRepository.available(available, "bob", Duration.ofDays(400)));

        List<Map<String, Object>> run = asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200)
                .extract().jsonPath().getList("actions");
        List<String> ours = run.stream().filter(a -> List.of(stuck, failedLongAgo, freshPending, available)
                .contains(a.get("subject"))).map(a -> a.get("subject") + " " + a.get("action") + " " + a.get("outcome")).toList();
        assertEquals(List.of(stuck + " marked-failed done", stuck + " removed done", failedLongAgo + " removed done"),
                ours.stream().sorted((a, b) -> order(a, stuck) - order(b, stuck)).toList());

        assertTrue(repository.markedFailed().contains(stuck));
        assertTrue(repository.removed().containsAll(List.of(stuck, failedLongAgo)));
        assertTrue(repository.get(freshPending).isPresent() && repository.get(available).isPresent());
        assertEquals(List.of("marked-failed", "removed"), actionNames(stuck));
        assertTrue(((String) actionsAbout(stuck).get(0).get("reason")).contains("longer than stuck-after 1h"));
    }

    @Test
    void aDryRunListsWhatItWouldRemoveAndChangesNothing() {
        String stuck = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.withStatus(stuck, "bob", ImageStatus.PENDING.wire(), Duration.ofHours(2)));
        List<Map<String, Object>> run = asAdmin().queryParam("dryRun", "true").post(RULES + "/faulty-images/runs")
                .then().statusCode(200).extract().jsonPath().getList("actions");
        assertEquals(List.of("marked-failed dry-run", "removed dry-run"), run.stream().filter(a -> stuck.equals(a.get("subject")))
                .map(a -> a.get("action") + " " + a.get("outcome")).toList());
        assertEquals(ImageStatus.PENDING.wire(), repository.get(stuck).orElseThrow().status());
        assertTrue(!repository.removed().contains(stuck) && !repository.markedFailed().contains(stuck));
    }

    @Test
    void aFailedUploadIsRecordedAtOnceAndItsImageRemovedFailedAfterItsFailure() {
        String image = UUID.randomUUID().toString();
        // Registered long ago, failed just now: the failure, not the registration, starts failed-after.
        repository.put(InMemoryRepository.withStatus(image, "carol", ImageStatus.FAILED.wire(), Duration.ofDays(3)));
        Kafka.send(BlobFailed.of("carol", image, "the connection was reset", 1234));
        await().atMost(Kafka.WAIT).until(() -> actionNames(image).contains("observed"));
        assertTrue(((String) actionsAbout(image).get(0).get("reason")).contains("the connection was reset"));

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertTrue(repository.get(image).isPresent(), "kept: it failed less than failed-after ago");

        TriggerApi.setting(Rules.FAULTY_IMAGES, "failed-after", "1ms");
        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertTrue(repository.get(image).isEmpty(), "removed once failed-after passed");
        assertEquals(List.of("observed", "removed"), actionNames(image));
    }

    @Test
    void aMissingOrCorruptCopyIsRemovedWhileAnIntactOneStaysAndTheImageIsReadAgainOnlyAfterVerifyEvery() {
        String image = UUID.randomUUID().toString();
        String fs = "fs://images/" + image;
        String s3 = "s3://images/" + image;
        String swift = "swift://images/" + image;
        repository.put(InMemoryRepository.availableAt(image, "dave", Duration.ofDays(30), fs, s3, swift));
        repository.damage(s3, CopyCheck.Status.MISMATCH, "1048576 bytes with SHA-256 00ff…, not the catalog's");
        repository.damage(swift, CopyCheck.Status.MISSING, "the store has no such object");

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);

        assertEquals(List.of(fs), repository.get(image).orElseThrow().locations());
        assertEquals(ImageStatus.AVAILABLE.wire(), repository.get(image).orElseThrow().status());
        assertEquals(List.of("removed-copy", "removed-copy"), actionNames(image));
        List<String> reasons = actionsAbout(image).stream().map(a -> (String) a.get("reason")).toList();
        assertTrue(reasons.stream().anyMatch(r -> r.contains(s3 + " is corrupt") && r.contains("not the catalog's")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(r -> r.contains(swift + " is missing")), reasons.toString());

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertEquals(1, repository.verified().stream().filter(image::equals).count(), "not read again before verify-every");
        TriggerApi.setting(Rules.FAULTY_IMAGES, "verify-every", "1ms");
        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertEquals(2, repository.verified().stream().filter(image::equals).count(), "read again after verify-every");
        assertEquals(2, actionNames(image).size(), "an intact image is verified without an action");
    }

    @Test
    void anImageWithNoIntactCopyIsMarkedFailedAndRemovedFailedAfterLater() {
        String image = UUID.randomUUID().toString();
        String fs = "fs://images/" + image;
        repository.put(InMemoryRepository.availableAt(image, "dave", Duration.ofDays(30), fs));
        repository.damage(fs, CopyCheck.Status.MISSING, "the store has no such object");

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertEquals(ImageStatus.FAILED.wire(), repository.get(image).orElseThrow().status());
        assertEquals(List.of("marked-failed"), actionNames(image));
        assertTrue(((String) actionsAbout(image).get(0).get("reason")).contains("no intact copy of its bytes is left"));

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertTrue(repository.get(image).isPresent(), "kept: marked failed less than failed-after ago");
        TriggerApi.setting(Rules.FAULTY_IMAGES, "failed-after", "1ms");
        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertTrue(repository.get(image).isEmpty(), "removed once failed-after passed");
        assertEquals(List.of("marked-failed", "removed"), actionNames(image));
    }

    @Test
    void anUnreadableCopyRemovesNothingAndADryRunOfABadCopyChangesNothing() {
        String image = UUID.randomUUID().toString();
        String fs = "fs://images/" + image;
        String s3 = "s3://images/" + image;
        repository.put(InMemoryRepository.availableAt(image, "dave", Duration.ofDays(30), fs, s3));
        repository.damage(fs, CopyCheck.Status.MISMATCH, "2 bytes, not 3");
        repository.damage(s3, CopyCheck.Status.UNAVAILABLE, "s3 store unreachable");

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertEquals(List.of(fs, s3), repository.get(image).orElseThrow().locations());
        assertEquals(List.of("verified", "verified"), actionNames(image));
        assertTrue(actionsAbout(image).stream().allMatch(a -> "skipped".equals(a.get("outcome"))));

        repository.damage(s3, CopyCheck.Status.OK, null);
        List<Map<String, Object>> dry = asAdmin().queryParam("dryRun", "true").post(RULES + "/faulty-images/runs")
                .then().statusCode(200).extract().jsonPath().getList("actions");
        assertEquals(List.of("removed-copy dry-run"), dry.stream().filter(a -> image.equals(a.get("subject")))
                .map(a -> a.get("action") + " " + a.get("outcome")).toList());
        assertEquals(List.of(fs, s3), repository.get(image).orElseThrow().locations());

        asAdmin().post(RULES + "/faulty-images/runs").then().statusCode(200);
        assertEquals(List.of(s3), repository.get(image).orElseThrow().locations(), "read again: not settled before");
    }

    private static int order(String line, String stuck) {
        return line.startsWith(stuck) ? (line.contains("marked") ? 0 : 1) : 2;
    }
}
