package org.imagerepo.triggers.rules;

import org.imagerepo.events.UsageChanged;
import org.imagerepo.triggers.model.QuotaState;
import org.imagerepo.vocabulary.ByteSizes;

import java.time.Instant;
import java.util.Optional;

import static org.imagerepo.vocabulary.ByteSizes.Style.BYTES_IN_WORDS;

/**
 * Rule {@code quota}'s decision, apart from Kafka and the database: a user's usage passing their quota, or coming
 * back under it. {@code message} is what the user is told; {@code reason} and {@code detail} go to the action row.
 */
record QuotaCrossing(boolean over, String message, String reason, String detail) {

    /**
     * Follows one usage report: the remembered state (a new one has no {@code occurredAt} yet) takes its usage,
     * unless the report is older than the one last counted, which changes nothing.
     *
     * @return the crossing this report makes, if it makes one
     */
    static Optional<QuotaCrossing> follow(QuotaState state, UsageChanged usage) {
        if (state.occurredAt != null && usage.occurredAt() != null && usage.occurredAt().isBefore(state.occurredAt)) {
            return Optional.empty(); // an older report arriving late: the newer one already counted
        }
        boolean over = usage.usedBytes() > usage.quota();
        boolean wasOver = state.overQuota;
        state.overQuota = over;
        state.usedBytes = usage.usedBytes();
        state.quota = usage.quota();
        state.occurredAt = usage.occurredAt() != null ? usage.occurredAt() : Instant.now();
        if (over == wasOver) {
            return Optional.empty();
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
        return Optional.of(new QuotaCrossing(over, message, reason, detail));
    }
}
