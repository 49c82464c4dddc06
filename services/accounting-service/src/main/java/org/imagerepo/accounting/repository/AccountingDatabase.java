package org.imagerepo.accounting.repository;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.hibernate.Session;
import org.imagerepo.accounting.config.AccountingConfig;
import org.imagerepo.accounting.repository.h2.H2UserRepository;
import org.imagerepo.accounting.repository.postgresql.PostgresqlUserRepository;

/** The database chosen by {@code imagerepo.accounting.database}: its user repository and its session. */
@Startup
@Singleton
public class AccountingDatabase {

    private final UserRepository<?> users;
    private final String kind;

    @Inject
    AccountingDatabase(AccountingConfig config, Instance<H2UserRepository> h2, Instance<PostgresqlUserRepository> postgresql) {
        kind = config.database().wire();
        users = switch (config.database()) {
            case H2 -> h2.get();
            case POSTGRESQL -> postgresql.get();
        };
    }

    public UserRepository<?> users() {
        return users;
    }

    /** The active persistence unit's transaction-scoped session (for the outbox). */
    public Session session() {
        return users.getSession();
    }

    public String kind() {
        return kind;
    }
}
