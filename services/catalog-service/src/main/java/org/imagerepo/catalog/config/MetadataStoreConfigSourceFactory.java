package org.imagerepo.catalog.config;

import org.imagerepo.persistence.DatabaseSwitchesFactory;

import java.util.List;
import java.util.Map;

/**
 * Turns the one operator setting {@code imagerepo.catalog.metadata-store} into the Quarkus switches that
 * activate exactly one datasource, its persistence unit and its migrations; for {@code mongodb} all of them
 * are inactive, and Hibernate starts nothing, while the MongoDB client is active for {@code mongodb} only.
 */
public class MetadataStoreConfigSourceFactory extends DatabaseSwitchesFactory {

    public static final String PROPERTY = "imagerepo.catalog.metadata-store";
    public static final String DEFAULT_STORE = "h2";
    public static final String MONGODB = "mongodb";
    public static final List<String> RELATIONAL_STORES = List.of("h2", "postgresql", "mariadb");
    public static final List<String> STORES = List.of("h2", "postgresql", "mariadb", MONGODB);

    public MetadataStoreConfigSourceFactory() {
        super(PROPERTY, RELATIONAL_STORES, "imagerepo metadata-store switches");
    }

    @Override
    protected void addSwitches(String store, Map<String, String> switches) {
        // Otherwise Quarkus creates the MongoDB clients at start (Panache is built in), and their monitor
        // threads keep knocking on a MongoDB that a relational configuration does not have.
        switches.put("quarkus.mongodb.active", Boolean.toString(MONGODB.equals(store)));
    }

    /** The store kind as written in the switches: trimmed, lower case, the default when blank. */
    public static String normalise(String store) {
        return normalise(store, DEFAULT_STORE);
    }
}
