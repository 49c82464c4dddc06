package org.imagerepo.triggers.config;

import org.imagerepo.persistence.DatabaseSwitchesFactory;

import java.util.Arrays;

/**
 * Turns the operator's one setting {@code imagerepo.triggers.database} into the switches that activate exactly one
 * datasource, its persistence unit and its migrations (as accounting and the catalog do).
 */
public class DatabaseConfigSourceFactory extends DatabaseSwitchesFactory {

    public static final String PROPERTY = "imagerepo.triggers.database";

    public DatabaseConfigSourceFactory() {
        super(PROPERTY, Arrays.stream(DatabaseKind.values()).map(DatabaseKind::wire).toList(),
                "imagerepo triggers database switches");
    }
}
