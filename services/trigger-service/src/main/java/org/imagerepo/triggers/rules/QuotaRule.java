package org.imagerepo.triggers.rules;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.imagerepo.events.UsageChanged;
import org.imagerepo.events.UserNotified;
import org.imagerepo.triggers.model.Outcome;
import org.imagerepo.triggers.model.QuotaState;
import org.imagerepo.triggers.repository.ActionLog;
import org.imagerepo.triggers.repository.Outbox;
import org.imagerepo.triggers.repository.ProcessedRecords;
import org.imagerepo.triggers.repository.TriggerDatabase;

import java.util.Optional;

/**
 * Rule {@code quota}: tells a user when their usage passes their quota and when it is back under. Accounting
 * refuses the uploads itself (ADR 10 point 2); this rule only tells. It acts on crossings, so it remembers per
 * user whether they were over.
 */
@ApplicationScoped
public class QuotaRule {

    public static final String OVER = "over-quota";
    public static final String BACK_UNDER = "back-under-quota";

    @Inject
    RuleService rules;

    @Inject
    TriggerDatabase database;

    @Inject
    ProcessedRecords processed;

    @Inject
    ActionLog actions;

    @Inject
    Outbox outbox;

    /** Applies one usage report, once: a redelivered event (same id) changes nothing. */
    @Transactional
    public void apply(UsageChanged usage) {
        RuleSettings rule = rules.current(Rules.QUOTA);
        if (!rule.enabled() || !processed.firstTime("usage:" + usage.eventId())) {
            return;
        }
        QuotaState state = database.session().find(QuotaState.class, usage.username(), LockModeType.PESSIMISTIC_WRITE);
        boolean known = state != null;
        if (!known) {
            state = new QuotaState();
            state.username = usage.username();
        }
        Optional<QuotaCrossing> crossing = QuotaCrossing.follow(state, usage);
        if (!known) {
            database.session().persist(state);
        }
        crossing.ifPresent(c -> tell(usage.username(), c, rule.dryRun()));
    }

    private void tell(String username, QuotaCrossing crossing, boolean dryRun) {
        String action = crossing.over() ? OVER : BACK_UNDER;
        if (dryRun) {
            actions.record(Rules.QUOTA, username, action, Outcome.DRY_RUN, true, crossing.reason(), crossing.detail());
            return;
        }
        actions.record(Rules.QUOTA, username, action, Outcome.DONE, false, crossing.reason(),
                crossing.detail() + "; told: " + crossing.message());
        outbox.queue(UserNotified.of(Rules.ACTOR, username, Rules.QUOTA, username, crossing.message()));
    }
}
