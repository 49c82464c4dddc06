package org.imagerepo.triggers.repository;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import org.hibernate.query.SelectionQuery;
import org.imagerepo.triggers.model.ActionRecord;
import org.imagerepo.triggers.model.Outcome;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of what the rules did (ADR 10): written with the effects and events they go with. */
@ApplicationScoped
public class ActionLog {

    @Inject
    TriggerDatabase database;

    @Inject
    MeterRegistry metrics;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** One action, in the current transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ActionRecord record(String rule, String subject, String action, Outcome outcome, boolean dryRun,
                               String reason, String detail) {
        ActionRecord row = new ActionRecord();
        row.occurredAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        row.rule = rule;
        row.subject = cut(subject, 256);
        row.action = action;
        row.outcome = outcome.wire();
        row.dryRun = dryRun;
        row.reason = cut(reason, ActionRecord.REASON_LENGTH);
        row.detail = cut(detail, ActionRecord.DETAIL_LENGTH);
        database.session().persist(row);
        countOnCommit(rule, outcome, dryRun);
        return row;
    }

    /**
     * {@code imagerepo_trigger_actions_total{rule, outcome}} at /q/metrics, counted when the action's transaction
     * commits: an action rolled back with its effects never happened.
     */
    private void countOnCommit(String rule, Outcome outcome, boolean dryRun) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    metrics.counter("imagerepo.trigger.actions", "rule", rule, "outcome", outcome.wire(),
                            "dry_run", Boolean.toString(dryRun)).increment();
                }
            }
        });
    }

    /** Newest first, optionally of one rule and/or one subject. */
    @Transactional
    public List<ActionRecord> list(String rule, String subject, int limit, int offset) {
        List<String> where = new ArrayList<>();
        if (rule != null) {
            where.add("rule = :rule");
        }
        if (subject != null) {
            where.add("subject = :subject");
        }
        String hql = "from ActionRecord" + (where.isEmpty() ? "" : " where " + String.join(" and ", where)) + " order by id desc";
        SelectionQuery<ActionRecord> query = database.session().createSelectionQuery(hql, ActionRecord.class);
        if (rule != null) {
            query.setParameter("rule", rule);
        }
        if (subject != null) {
            query.setParameter("subject", subject);
        }
        return query.setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    /** When {@code rule} first recorded {@code action} about {@code subject}, if it ever did. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Instant> firstAt(String rule, String subject, String action) {
        return database.session().createSelectionQuery(
                        "select min(occurredAt) from ActionRecord where rule = :rule and subject = :subject and action = :action",
                        Instant.class)
                .setParameter("rule", rule).setParameter("subject", subject).setParameter("action", action)
                .getResultList().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** When {@code rule} first did (not as a dry run) one of {@code anyOf} to {@code subject}, if it ever did. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Instant> firstDoneAt(String rule, String subject, java.util.Collection<String> anyOf) {
        return database.session().createSelectionQuery("select min(occurredAt) from ActionRecord where rule = :rule"
                        + " and subject = :subject and action in :actions and dryRun = false", Instant.class)
                .setParameter("rule", rule).setParameter("subject", subject).setParameterList("actions", anyOf)
                .getResultList().stream().filter(java.util.Objects::nonNull).findFirst();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
