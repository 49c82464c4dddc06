package org.imagerepo.accounting.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.imagerepo.accounting.model.OutboxEntry;
import org.imagerepo.persistence.OutboxStore;

/** The events waiting to be published, in the active database (ADR 1). */
@ApplicationScoped
public class Outbox extends OutboxStore<OutboxEntry> {

    @Inject
    AccountingDatabase database;

    Outbox() {
        super(OutboxEntry.class, OutboxEntry::new);
    }

    @Override
    protected Session session() {
        return database.session();
    }
}
