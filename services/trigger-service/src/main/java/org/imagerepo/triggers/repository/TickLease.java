package org.imagerepo.triggers.repository;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Which trigger-service instance runs the tick (ADR 15): the scans and the reservations' timed steps must run
 * once, however many instances consume the events. The holder renews its lease at every tick; when it stops (or
 * dies), another takes the lease over once it has lapsed. Expiry is by the instances' clocks, which must agree
 * to well within {@code imagerepo.triggers.lease-duration} (NTP), as for Kubernetes' own leases.
 */
@ApplicationScoped
public class TickLease {

    private static final Logger LOG = Logger.getLogger(TickLease.class);
    static final String NAME = "tick";

    /** This process, as it appears in the lease. */
    private final String me = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();

    @Inject
    TriggerDatabase database;

    /** How long a lease holds without renewal: a dead holder's work waits this long for another instance. */
    @ConfigProperty(name = "imagerepo.triggers.lease-duration", defaultValue = "30s")
    Duration leaseDuration;

    private volatile boolean held;

    /** Takes or renews the lease; false while another instance holds it. */
    @Transactional
    public boolean acquire() {
        Instant now = Instant.now();
        int updated = database.session().createMutationQuery(
                        "update LeaseRecord set holder = :me, expiresAt = :until"
                                + " where name = :name and (holder = :me or expiresAt < :now)")
                .setParameter("me", me).setParameter("until", now.plus(leaseDuration))
                .setParameter("name", NAME).setParameter("now", now).executeUpdate();
        boolean holds = updated == 1;
        if (holds != held) {
            LOG.infof(holds ? "this instance (%s) runs the tick now" : "another instance runs the tick (not %s)", me);
        }
        held = holds;
        return holds;
    }

    /** Renews the lease if this instance holds it (while a long scan keeps the tick busy). */
    @Transactional
    public void renewIfHeld() {
        if (held) {
            Instant now = Instant.now();
            held = database.session().createMutationQuery(
                            "update LeaseRecord set expiresAt = :until where name = :name and holder = :me")
                    .setParameter("until", now.plus(leaseDuration)).setParameter("name", NAME)
                    .setParameter("me", me).executeUpdate() == 1;
        }
    }

    /** Lets another instance take over at once rather than after the lease lapsed. */
    @PreDestroy
    void release() {
        if (!held) {
            return;
        }
        try {
            releaseNow();
        } catch (RuntimeException e) {
            LOG.debugf("could not release the tick lease (it lapses by itself): %s", e.getMessage());
        }
    }

    private void releaseNow() {
        // Not through @Transactional: this runs while the container shuts down, outside any interception.
        QuarkusTransaction.requiringNew().run(() -> database.session().createMutationQuery(
                        "update LeaseRecord set expiresAt = :past where name = :name and holder = :me")
                .setParameter("past", Instant.EPOCH).setParameter("name", NAME).setParameter("me", me).executeUpdate());
        held = false;
    }

    public boolean held() {
        return held;
    }

    public String holder() {
        return me;
    }
}
