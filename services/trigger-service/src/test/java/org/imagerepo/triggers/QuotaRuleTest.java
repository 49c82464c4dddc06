package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.Topics;
import org.imagerepo.events.UsageChanged;
import org.imagerepo.events.UserNotified;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.triggers.rules.Rules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.triggers.TriggerApi.actionNames;
import static org.imagerepo.triggers.TriggerApi.actionsAbout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rule quota, driven by UsageChanged records on the real broker, telling users on the real broker. */
@NeedsServers
@QuarkusTest
class QuotaRuleTest {

    private static final long GIB = 1L << 30;

    @AfterEach
    void restoreDefaults() {
        TriggerApi.resetRule(Rules.QUOTA);
    }

    @Test
    void passingTheQuotaAndComingBackUnderAreEachToldOnceEvenWhenAnEventIsRedelivered() {
        String user = TriggerApi.newId("quota");
        try (Kafka.Watch notifications = Kafka.watch(Topics.NOTIFICATIONS)) {
            Kafka.send(usage(user, 1 * GIB, 2 * GIB));
            UsageChanged over = usage(user, 3 * GIB, 2 * GIB);
            Kafka.send(over);
            Kafka.send(Topics.USERS, user, EventCodec.encode(over)); // redelivered: the same event id
            Kafka.send(usage(user, 4 * GIB, 2 * GIB)); // still over: no crossing

            UserNotified told = notifications.await(UserNotified.class, user);
            assertEquals("quota", told.rule());
            assertTrue(told.message().contains("3.0 GiB of your quota of 2.0 GiB"), told.message());
            assertTrue(told.message().contains("uploads are refused until you are back under"), told.message());

            Kafka.send(usage(user, 1 * GIB, 2 * GIB));
            UserNotified back = notifications.await(UserNotified.class, user);
            assertTrue(back.message().contains("back under your quota"), back.message());
            notifications.assertNoOther(UserNotified.class, user);
        }
        assertEquals(List.of("over-quota", "back-under-quota"), actionNames(user));
        Map<String, Object> last = actionsAbout(user).get(0);
        assertEquals("done", last.get("outcome"));
        assertEquals("quota", last.get("rule"));
    }

    @Test
    void inADryRunTheCrossingIsRecordedAndNobodyIsTold() {
        String user = TriggerApi.newId("quota-dry");
        TriggerApi.asAdmin().body(Map.of("dryRun", true)).patch(TriggerApi.RULES + "/quota").then().statusCode(200);
        try (Kafka.Watch notifications = Kafka.watch(Topics.NOTIFICATIONS)) {
            Kafka.send(usage(user, 3 * GIB, 2 * GIB));
            await().atMost(Kafka.WAIT).until(() -> !actionsAbout(user).isEmpty());
            Map<String, Object> action = actionsAbout(user).get(0);
            assertEquals("over-quota", action.get("action"));
            assertEquals("dry-run", action.get("outcome"));
            assertEquals(true, action.get("dryRun"));

            // A real crossing of another user afterwards is told; the dry run's user never was.
            TriggerApi.resetRule(Rules.QUOTA);
            String other = TriggerApi.newId("quota-real");
            Kafka.send(usage(other, 3 * GIB, 2 * GIB));
            notifications.await(UserNotified.class, other);
            notifications.assertNoOther(UserNotified.class, user);
        }
    }

    private static UsageChanged usage(String user, long used, long quota) {
        return new UsageChanged(UUID.randomUUID(), Instant.now(), "accounting-service", user, used, 0, 1, quota);
    }
}
