package org.imagerepo.triggers.config;

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
 * Turns the operator's one setting {@code imagerepo.triggers.database} into the Quarkus switches that activate
 * exactly one datasource, its persistence unit and its migrations (as accounting and the catalog do). Both kinds
 * are built in, one is inactive. Explicit settings (env vars, ordinal 300) still win over these (ordinal 275).
 */
public class DatabaseConfigSourceFactory implements ConfigSourceFactory {

    public static final String PROPERTY = "imagerepo.triggers.database";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String selected = selected(context.getValue(PROPERTY));
        Map<String, String> switches = new HashMap<>();
        for (DatabaseKind kind : DatabaseKind.values()) {
            String active = Boolean.toString(kind.wire().equals(selected));
            switches.put("quarkus.datasource." + kind.wire() + ".active", active);
            switches.put("quarkus.hibernate-orm." + kind.wire() + ".active", active);
            switches.put("quarkus.liquibase." + kind.wire() + ".migrate-at-start", active);
        }
        return List.of(new MapBackedConfigSource("imagerepo triggers database switches", switches, 275) {
        });
    }

    private static String selected(ConfigValue value) {
        String text = value == null ? null : value.getValue();
        return text == null || text.isBlank() ? DatabaseKind.H2.wire() : text.trim().toLowerCase(Locale.ROOT);
    }
}
