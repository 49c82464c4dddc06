package org.imagerepo.catalog.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;

/** The conformance suite on mongodb (real server: see TestServers). */
@NeedsServers
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
