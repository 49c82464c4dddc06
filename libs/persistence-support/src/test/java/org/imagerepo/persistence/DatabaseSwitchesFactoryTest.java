package org.imagerepo.persistence;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DatabaseSwitchesFactoryTest {

    static class Switches extends DatabaseSwitchesFactory {
        Switches() {
            super("imagerepo.test.database", List.of("h2", "postgresql"), "test switches");
        }

        @Override
        protected void addSwitches(String selected, Map<String, String> switches) {
            switches.put("selected", selected);
        }
    }

    private static Map<String, String> switchesFor(String setting) {
        ConfigSourceContext context = new ConfigSourceContext() {
            @Override
            public ConfigValue getValue(String name) {
                return setting == null ? null : ConfigValue.builder().withName(name).withValue(setting).build();
            }

            @Override
            public Iterator<String> iterateNames() {
                return Collections.emptyIterator();
            }
        };
        ConfigSource source = new Switches().getConfigSources(context).iterator().next();
        assertEquals(275, source.getOrdinal());
        return source.getProperties();
    }

    @Test
    void theSelectedKindIsTheOnlyActiveOne() {
        Map<String, String> switches = switchesFor(" PostgreSQL ");
        assertEquals("true", switches.get("quarkus.datasource.postgresql.active"));
        assertEquals("true", switches.get("quarkus.hibernate-orm.postgresql.active"));
        assertEquals("true", switches.get("quarkus.liquibase.postgresql.migrate-at-start"));
        assertEquals("false", switches.get("quarkus.datasource.h2.active"));
        assertEquals("false", switches.get("quarkus.hibernate-orm.h2.active"));
        assertEquals("false", switches.get("quarkus.liquibase.h2.migrate-at-start"));
        assertEquals("postgresql", switches.get("selected"));
    }

    @Test
    void theFirstKindIsTheDefaultAndAnUnknownOneActivatesNone() {
        assertEquals("true", switchesFor(null).get("quarkus.datasource.h2.active"));
        assertEquals("true", switchesFor("  ").get("quarkus.datasource.h2.active"));
        Map<String, String> unknown = switchesFor("oracle");
        assertEquals("false", unknown.get("quarkus.datasource.h2.active"));
        assertEquals("false", unknown.get("quarkus.datasource.postgresql.active"));
    }
}
