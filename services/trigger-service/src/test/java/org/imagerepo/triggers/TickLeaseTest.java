package org.imagerepo.triggers;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.triggers.model.LeaseRecord;
import org.imagerepo.triggers.repository.TickLease;
import org.imagerepo.triggers.repository.TriggerDatabase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One instance at a time runs the tick: the lease is taken, renewed, refused while another holds it, taken over. */
@NeedsServers
@QuarkusTest
class TickLeaseTest {

    @Inject
    TickLease lease;

    @Inject
    TriggerDatabase database;

    private void setLease(String holder, Instant expiresAt) {
        QuarkusTransaction.requiringNew().run(() -> {
            LeaseRecord record = database.session().find(LeaseRecord.class, "tick");
            record.holder = holder;
            record.expiresAt = expiresAt;
        });
    }

    private LeaseRecord current() {
        return QuarkusTransaction.requiringNew().call(() -> database.session().find(LeaseRecord.class, "tick"));
    }

    @Test
    void theTickTakesTheLeaseAndAnotherInstancesLeaseKeepsItOffUntilItLapses() {
        // The service's own tick (1 s in tests) takes the lease and renews it.
        await().atMost(Duration.ofSeconds(20)).until(lease::held);
        Instant firstExpiry = current().expiresAt;
        assertEquals(lease.holder(), current().holder);
        await().atMost(Duration.ofSeconds(20)).until(() -> current().expiresAt.isAfter(firstExpiry));

        try {
            setLease("another-instance", Instant.now().plus(Duration.ofHours(1)));
            assertFalse(lease.acquire(), "the lease of a live instance is not taken");
            assertFalse(lease.held());
            lease.renewIfHeld();
            assertEquals("another-instance", current().holder, "an instance that lost the lease does not renew it");

            setLease("another-instance", Instant.now().minusSeconds(1));
            assertTrue(lease.acquire(), "a lapsed lease is taken over");
            assertEquals(lease.holder(), current().holder);
            assertTrue(current().expiresAt.isAfter(Instant.now()));
        } finally {
            setLease("", Instant.EPOCH);
        }
    }
}
