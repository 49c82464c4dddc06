package org.imagerepo.triggers.rules;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.triggers.repository.TickLease;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * The tick ({@code imagerepo.triggers.tick}): drives the reservations' due steps, and runs each enabled scan whose
 * {@code every} has passed since its last run (or since the service started), in the one instance that holds the
 * {@link TickLease}. The schedule is read from the database at each tick, so a PATCHed {@code every} applies at once.
 */
@ApplicationScoped
public class RuleScheduler {

    private static final Logger LOG = Logger.getLogger(RuleScheduler.class);

    @Inject
    RuleService rules;

    @Inject
    RainPrestagingRule rain;

    @Inject
    FaultyImagesRule faultyImages;

    @Inject
    UnusedImagesRule unusedImages;

    @Inject
    TickLease lease;

    private final Instant started = Instant.now();

    @Scheduled(every = "${imagerepo.triggers.tick:5s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            if (!lease.acquire()) {
                return; // another instance runs it
            }
        } catch (RuntimeException e) {
            LOG.warnf("could not take the tick lease, trying at the next tick: %s", e.getMessage());
            return;
        }
        try {
            rain.tick();
        } catch (RuntimeException e) {
            LOG.warnf(e, "rain pre-staging failed this tick, retried at the next");
        }
        for (ScanRule scan : List.<ScanRule>of(faultyImages, unusedImages)) {
            try {
                RuleSettings rule = rules.current(scan.name());
                Instant last = rule.lastRunAt() != null ? rule.lastRunAt() : started;
                if (rule.enabled() && !Instant.now().isBefore(last.plus(rule.duration(Rules.EVERY)))) {
                    scan.run(rule.dryRun());
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "scan %s failed, retried at the next tick", scan.name());
            }
        }
    }

    /** Keeps the lease while a long scan holds up the tick (the tick itself skips while one runs). */
    @Scheduled(every = "${imagerepo.triggers.tick:5s}", skipExecutionIf = Scheduled.ApplicationNotRunning.class,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void renewLease() {
        try {
            lease.renewIfHeld();
        } catch (RuntimeException e) {
            LOG.debugf("could not renew the tick lease: %s", e.getMessage());
        }
    }
}
