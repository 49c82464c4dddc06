package org.imagerepo.catalog.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the one operator setting {@code imagerepo.catalog.metadata-store} into the Quarkus switches
 * that activate exactly one datasource, its persistence unit and its migrations. Database kinds are
 * fixed when Quarkus builds, so every supported kind is built in and all but one are inactive; for
 * {@code mongodb} all of them are, and Hibernate starts nothing, while the MongoDB client is active for
 * {@code mongodb} only. Explicit settings (env vars, ordinal
 * 300) still win over these (ordinal 275).
 */
public class MetadataStoreConfigSourceFactory implements ConfigSourceFactory {

    public static final String PROPERTY = "imagerepo.catalog.metadata-store";
    public static final String DEFAULT_STORE = "h2";
    public static final String MONGODB = "mongodb";
    public static final List<String> RELATIONAL_STORES = List.of("h2", "postgresql", "mariadb");
    public static final List<String> STORES = List.of("h2", "postgresql", "mariadb", MONGODB);

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String store = selected(context.getValue(PROPERTY));
        Map<String, String> switches = new HashMap<>();
        for (String kind : RELATIONAL_STORES) {
            String active = Boolean.toString(kind.equals(store));
            switches.put("quarkus.datasource." + kind + ".active", active);
            switches.put("quarkus.hibernate-orm." + kind + ".active", active);
            switches.put("quarkus.liquibase." + kind + ".migrate-at-start", active);
        }
        // Otherwise Quarkus creates the MongoDB clients at start (Panache is built in), and their monitor
        // threads keep knocking on a MongoDB that a relational configuration does not have.
        switches.put("quarkus.mongodb.active", Boolean.toString(MONGODB.equals(store)));
        return List.of(new MapBackedConfigSource("imagerepo metadata-store switches", switches, 275) {
        });
    }

    static String selected(ConfigValue value) {
        return value == null || value.getValue() == null ? DEFAULT_STORE : normalise(value.getValue());
    }

    /** The store kind as written in the switches: trimmed, lower case, the default when blank. */
    public static String normalise(String store) {
        return store == null || store.isBlank() ? DEFAULT_STORE : store.trim().toLowerCase(Locale.ROOT);
    }
}
