package org.imagerepo.catalog.repository.relational;

import io.quarkus.hibernate.orm.PersistenceUnit;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.imagerepo.catalog.config.MetadataStoreConfigSourceFactory;
import org.imagerepo.query.SqlDialect;

/**
 * The relational metadata store chosen by configuration: its Hibernate session and its SQL dialect.
 * Every kind is built in as its own persistence unit over the same entities; one is active.
 */
@ApplicationScoped
public class CatalogDatabase {

    private final Session session;
    private final SqlDialect dialect;

    @Inject
    public CatalogDatabase(@ConfigProperty(name = MetadataStoreConfigSourceFactory.PROPERTY,
                                   defaultValue = MetadataStoreConfigSourceFactory.DEFAULT_STORE) String store,
                           @PersistenceUnit("h2") Instance<Session> h2,
                           @PersistenceUnit("postgresql") Instance<Session> postgresql,
                           @PersistenceUnit("mariadb") Instance<Session> mariadb) {
        switch (MetadataStoreConfigSourceFactory.normalise(store)) {
            case "h2" -> {
                session = h2.get();
                dialect = SqlDialect.H2;
            }
            case "postgresql" -> {
                session = postgresql.get();
                dialect = SqlDialect.POSTGRESQL;
            }
            case "mariadb" -> {
                session = mariadb.get();
                dialect = SqlDialect.MARIADB;
            }
            default -> throw new IllegalStateException(MetadataStoreConfigSourceFactory.PROPERTY + " '" + store
                    + "' is not a relational store: use one of " + MetadataStoreConfigSourceFactory.RELATIONAL_STORES);
        }
    }

    /** A transaction-scoped session proxy: safe to keep, bound to the current transaction on use. */
    public Session session() {
        return session;
    }

    public SqlDialect dialect() {
        return dialect;
    }
}
