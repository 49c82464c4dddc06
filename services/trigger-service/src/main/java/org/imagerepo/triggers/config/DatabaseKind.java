package org.imagerepo.triggers.config;

import java.util.Locale;

/** The databases trigger-service keeps its rules, actions and reservations in; each its own persistence unit. */
public enum DatabaseKind {
    /** Embedded, a file under {@code imagerepo.data-dir}: the default, for one replica. */
    H2,
    /** For real deployments. */
    POSTGRESQL;

    /** The name in the setting, and of the datasource and persistence unit. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
