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
import org.imagerepo.vocabulary.ByteSizes;

import static org.imagerepo.vocabulary.ByteSizes.Style.BYTES_IN_WORDS;

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
        if (state != null && usage.occurredAt() != null && usage.occurredAt().isBefore(state.occurredAt)) {
            return; // an older report arriving late: the newer one already counted
        }
        boolean over = usage.usedBytes() > usage.quota();
        boolean wasOver = state != null && state.overQuota;
        boolean known = state != null;
        if (!known) {
            state = new QuotaState();
            state.username = usage.username();
        }
        state.overQuota = over;
        state.usedBytes = usage.usedBytes();
        state.quota = usage.quota();
        state.occurredAt = usage.occurredAt() != null ? usage.occurredAt() : java.time.Instant.now();
        if (!known) {
            database.session().persist(state);
        }
        if (over == wasOver) {
            return;
        }
        String usageText = ByteSizes.format(usage.usedBytes(), BYTES_IN_WORDS) + " of your quota of "
                + ByteSizes.format(usage.quota(), BYTES_IN_WORDS);
        String message = over
                ? "Your images use " + usageText + ": new uploads are refused until you are back under your quota. "
                  + "Remove images you no longer need, or ask an administrator for more space."
                : "Your images use " + usageText + " again: you are back under your quota and can upload again.";
        String reason = "usedBytes " + usage.usedBytes() + (over ? " passed" : " is back under") + " quota " + usage.quota();
        String detail = "imageCount " + usage.imageCount() + ", reservedBytes " + usage.reservedBytes() + ", event "
                + usage.eventId();
        if (rule.dryRun()) {
            actions.record(Rules.QUOTA, usage.username(), over ? OVER : BACK_UNDER, Outcome.DRY_RUN, true, reason, detail);
            return;
        }
        actions.record(Rules.QUOTA, usage.username(), over ? OVER : BACK_UNDER, Outcome.DONE, false, reason,
                detail + "; told: " + message);
        outbox.queue(UserNotified.of(Rules.ACTOR, usage.username(), Rules.QUOTA, usage.username(), message));
    }
}
