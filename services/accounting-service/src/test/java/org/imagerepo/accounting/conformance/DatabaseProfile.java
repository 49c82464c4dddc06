package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.imagerepo.accounting.config.DatabaseConfigSourceFactory;

import java.util.HashMap;
import java.util.Map;

/** Runs accounting-service on one database; the servers' addresses are the test profile's (application.properties). */
public abstract class DatabaseProfile implements QuarkusTestProfile {

    private final Map<String, String> overrides = new HashMap<>();

    protected DatabaseProfile(String database, Map<String, String> more) {
        overrides.put(DatabaseConfigSourceFactory.PROPERTY, database);
        overrides.putAll(more);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return overrides;
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
