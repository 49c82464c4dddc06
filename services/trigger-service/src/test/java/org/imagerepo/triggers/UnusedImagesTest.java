package org.imagerepo.triggers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.imagerepo.events.Topics;
import org.imagerepo.events.UserNotified;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.triggers.model.Announcement;
import org.imagerepo.triggers.repository.TriggerDatabase;
import org.imagerepo.triggers.rules.Rules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.imagerepo.triggers.TriggerApi.RULES;
import static org.imagerepo.triggers.TriggerApi.actionNames;
import static org.imagerepo.triggers.TriggerApi.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule unused-images over the in-memory port: announce, remove after the grace period, cancel on use, dry runs. */
@NeedsServers
@QuarkusTest
class UnusedImagesTest {

    @Inject
    InMemoryRepository repository;

    @Inject
    TriggerDatabase database;

    @AfterEach
    void restoreDefaults() {
        TriggerApi.resetRule(Rules.UNUSED_IMAGES, "grace-period");
    }

    @Test
    void aDryRunListsWhatItWouldAnnounceAndChangesNothing() {
        String owner = TriggerApi.newId("erin");
        String unused = UUID.randomUUID().toString();
        String used = UUID.randomUUID().toString();
        String kept = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(unused, owner, Duration.ofDays(100)));
        repository.put(InMemoryRepository.available(used, owner, Duration.ofDays(100)));
        repository.accessed(used, Instant.now().minus(Duration.ofDays(1)));
        repository.put(InMemoryRepository.available(kept, owner, Duration.ofDays(100), "protected"));

        try (Kafka.Watch notifications = Kafka.watch(Topics.NOTIFICATIONS)) {
            Map<String, Object> run = asAdmin().queryParam("dryRun", "true").post(RULES + "/unused-images/runs")
                    .then().statusCode(200).extract().jsonPath().getMap("");
            assertEquals(true, run.get("dryRun"));
            List<String> ours = actions(run).stream().filter(a -> List.of(unused, used, kept).contains(a.get("subject")))
                    .map(a -> a.get("subject") + " " + a.get("action") + " " + a.get("outcome")).toList();
            assertEquals(List.of(unused + " announced dry-run"), ours);
            assertNull(announcement(unused), "nothing remembered");
            assertTrue(repository.get(unused).isPresent());

            // The real run announces it now: the dry run had told nobody.
            asAdmin().post(RULES + "/unused-images/runs").then().statusCode(200);
            UserNotified told = notifications.await(UserNotified.class, owner, n -> unused.equals(n.subject()));
            assertTrue(told.message().contains("will be removed after"), told.message());
            notifications.assertNoOther(UserNotified.class, owner);
        }
        assertEquals(List.of("announced", "announced"), actionNames(unused));
        assertNotNull(announcement(unused));
    }

    @Test
    void anAnnouncedImageIsRemovedAfterTheGracePeriodUnlessUsedMeanwhile() {
        String owner = TriggerApi.newId("erin");
        String unused = UUID.randomUUID().toString();
        String usedAgain = UUID.randomUUID().toString();
        repository.put(InMemoryRepository.available(unused, owner, Duration.ofDays(100)));
        repository.put(InMemoryRepository.available(usedAgain, owner, Duration.ofDays(100)));
        asAdmin().post(RULES + "/unused-images/runs").then().statusCode(200);
        assertNotNull(announcement(unused));
        assertNotNull(announcement(usedAgain));

        asAdmin().post(RULES + "/unused-images/runs").then().statusCode(200);
        assertTrue(repository.get(unused).isPresent(), "kept during the grace period");

        repository.accessed(usedAgain, Instant.now());
        TriggerApi.setting(Rules.UNUSED_IMAGES, "grace-period", "1ms");
        // A dry run lists the removal and changes nothing.
        List<Map<String, Object>> dry = actions(asAdmin().queryParam("dryRun", "true").post(RULES + "/unused-images/runs")
                .then().statusCode(200).extract().jsonPath().getMap(""));
        assertTrue(dry.stream().anyMatch(a -> unused.equals(a.get("subject")) && "removed".equals(a.get("action"))
                && "dry-run".equals(a.get("outcome"))), dry.toString());
        assertTrue(repository.get(unused).isPresent());

        try (Kafka.Watch notifications = Kafka.watch(Topics.NOTIFICATIONS)) {
            asAdmin().post(RULES + "/unused-images/runs").then().statusCode(200);
            // (the announcement may be relayed only now: the removal's notice is the one that says so)
            UserNotified told = notifications.await(UserNotified.class, owner,
                    n -> unused.equals(n.subject()) && n.message().contains("was removed"));
            assertTrue(told.message().contains("had not been used since"), told.message());
        }
        assertTrue(repository.get(unused).isEmpty(), "removed");
        assertTrue(repository.get(usedAgain).isPresent(), "used after the announcement: kept");
        assertNull(announcement(unused));
        assertNull(announcement(usedAgain), "its announcement was cancelled");
        assertEquals(List.of("announced", "removed", "removed"), actionNames(unused)); // the dry run's, then the removal
        assertEquals(List.of("announced", "cancelled", "cancelled"), actionNames(usedAgain));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> actions(Map<String, Object> run) {
        return (List<Map<String, Object>>) run.get("actions");
    }

    private Announcement announcement(String imageId) {
        return QuarkusTransaction.requiringNew().call(() -> database.session().find(Announcement.class, imageId));
    }
}
