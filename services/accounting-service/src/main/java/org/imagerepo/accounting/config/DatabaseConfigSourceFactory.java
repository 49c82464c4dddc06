package org.imagerepo.accounting.config;

import org.imagerepo.persistence.DatabaseSwitchesFactory;

import java.util.Arrays;

/**
 * Turns the operator's one setting {@code imagerepo.accounting.database} into the switches that activate exactly
 * one datasource, its persistence unit and its migrations; {@link AccountingConfig} refuses an unknown kind at start.
 */
public class DatabaseConfigSourceFactory extends DatabaseSwitchesFactory {

    public static final String PROPERTY = "imagerepo.accounting.database";

    public DatabaseConfigSourceFactory() {
        super(PROPERTY, Arrays.stream(DatabaseKind.values()).map(DatabaseKind::wire).toList(),
                "imagerepo accounting database switches");
    }
}
