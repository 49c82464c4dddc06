package org.imagerepo.triggers.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.triggers.model.ProcessedRecord;

import java.time.Instant;

/** The records the consumers have acted on, so that a redelivered one changes nothing. */
@ApplicationScoped
public class ProcessedRecords {

    @Inject
    TriggerDatabase database;

    /**
     * Remembers {@code key} in the current transaction (so it is remembered only if the effect commits).
     *
     * @return false when it was seen before: skip it
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstTime(String key) {
        if (database.session().find(ProcessedRecord.class, key) != null) {
            return false;
        }
        ProcessedRecord record = new ProcessedRecord();
        record.recordKey = key;
        record.processedAt = Instant.now();
        database.session().persist(record);
        return true;
    }

    /** Forgets records processed before {@code before}: far longer ago than any redelivery. */
    @Transactional
    public int forgetBefore(Instant before) {
        return database.session().createMutationQuery("delete from ProcessedRecord where processedAt < :before")
                .setParameter("before", before).executeUpdate();
    }
}
