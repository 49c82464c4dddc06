package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.imagerepo.triggers.config.DatabaseConfigSourceFactory;

import java.util.Map;

/** trigger-service on the test server's PostgreSQL (database imagerepo_test, shared: the tables are the service's own). */
public class PostgreSqlProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(DatabaseConfigSourceFactory.PROPERTY, "postgresql");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
