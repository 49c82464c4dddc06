package org.imagerepo.persistence;

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
 * Turns a service's one database setting into the Quarkus switches that activate exactly one datasource, its
 * persistence unit and its migrations. Database kinds are fixed when Quarkus builds, so every kind is built in and
 * all but the selected one are inactive. Explicit settings (env vars, ordinal 300) still win over these (275). A
 * kind that is not in the list activates none; the service's configuration refuses it at start.
 *
 * <p>A service's subclass, with a public no-argument constructor, is registered in its
 * {@code META-INF/services/io.smallrye.config.ConfigSourceFactory}.
 */
public abstract class DatabaseSwitchesFactory implements ConfigSourceFactory {

    private final String property;
    private final List<String> kinds;
    private final String sourceName;

    /** {@code kinds}: the datasource and persistence-unit names, the first the default. */
    protected DatabaseSwitchesFactory(String property, List<String> kinds, String sourceName) {
        this.property = property;
        this.kinds = List.copyOf(kinds);
        this.sourceName = sourceName;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue value = context.getValue(property);
        String selected = normalise(value == null ? null : value.getValue(), kinds.get(0));
        Map<String, String> switches = new HashMap<>();
        for (String kind : kinds) {
            String active = Boolean.toString(kind.equals(selected));
            switches.put("quarkus.datasource." + kind + ".active", active);
            switches.put("quarkus.hibernate-orm." + kind + ".active", active);
            switches.put("quarkus.liquibase." + kind + ".migrate-at-start", active);
        }
        addSwitches(selected, switches);
        return List.of(new MapBackedConfigSource(sourceName, switches, 275) {
        });
    }

    /** For switches of a service's own, given the selected kind as normalised. */
    protected void addSwitches(String selected, Map<String, String> switches) {
    }

    /** The kind as the switches write it: trimmed, lower case, {@code defaultKind} when missing or blank. */
    public static String normalise(String kind, String defaultKind) {
        return kind == null || kind.isBlank() ? defaultKind : kind.trim().toLowerCase(Locale.ROOT);
    }
}
