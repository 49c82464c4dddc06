package org.imagerepo.triggers.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.imagerepo.persistence.OutboxStore;
import org.imagerepo.triggers.model.OutboxEntry;

/** The events waiting to be published, in the active database (ADR 1). */
@ApplicationScoped
public class Outbox extends OutboxStore<OutboxEntry> {

    @Inject
    TriggerDatabase database;

    Outbox() {
        super(OutboxEntry.class, OutboxEntry::new);
    }

    @Override
    protected Session session() {
        return database.session();
    }
}
