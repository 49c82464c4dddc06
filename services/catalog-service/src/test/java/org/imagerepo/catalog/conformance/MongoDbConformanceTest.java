package org.imagerepo.catalog.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The conformance suite on mongodb (real server: see TestServers). */
@QuarkusTest
@TestProfile(MongoDbConformanceTest.Store.class)
class MongoDbConformanceTest extends CatalogConformanceSuite {

    public static class Store extends MetadataStoreProfile {
        public Store() {
            super("mongodb");
        }
    }

    @Override
    protected String store() {
        return "mongodb";
    }
}
