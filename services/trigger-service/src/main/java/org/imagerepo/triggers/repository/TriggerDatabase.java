package org.imagerepo.triggers.repository;

import io.quarkus.hibernate.orm.PersistenceUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.hibernate.Session;
import org.imagerepo.triggers.config.TriggerConfig;

/**
 * The database chosen by {@code imagerepo.triggers.database}. Both kinds are built in as persistence units over
 * the same entities (package {@code model}); one is active.
 */
@ApplicationScoped
public class TriggerDatabase {

    private final Session session;
    private final String kind;

    @Inject
    TriggerDatabase(TriggerConfig config, @PersistenceUnit("h2") Instance<Session> h2,
                    @PersistenceUnit("postgresql") Instance<Session> postgresql) {
        kind = config.database().wire();
        session = switch (config.database()) {
            case H2 -> h2.get();
            case POSTGRESQL -> postgresql.get();
        };
    }

    /** A transaction-scoped session proxy: safe to keep, bound to the current transaction on use. */
    public Session session() {
        return session;
    }

    public String kind() {
        return kind;
    }
}
