package org.imagerepo.accounting.config;

import java.util.Locale;

/** The databases accounting-service keeps its users in; each is its own datasource and persistence unit. */
public enum DatabaseKind {
    /** Embedded, a file under {@code imagerepo.data-dir}: the default, for one replica. */
    H2,
    /** For several replicas and real deployments. */
    POSTGRESQL;

    /** The name in the setting, and of the datasource and persistence unit. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
