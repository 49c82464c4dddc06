package org.imagerepo.catalog.conformance;

import io.quarkus.test.junit.QuarkusTestProfile;
import org.imagerepo.catalog.config.MetadataStoreConfigSourceFactory;

import java.util.Map;

/** Runs the catalog on one metadata store; the servers' addresses are the test profile's (application.properties). */
public abstract class MetadataStoreProfile implements QuarkusTestProfile {

    private final String store;

    protected MetadataStoreProfile(String store) {
        this.store = store;
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        // The embedded H2 store keeps its file under imagerepo.data-dir: a fresh one per build.
        return Map.of(MetadataStoreConfigSourceFactory.PROPERTY, store, "imagerepo.data-dir", "./target/test-data");
    }

    @Override
    public String getConfigProfile() {
        return "test";
    }
}
