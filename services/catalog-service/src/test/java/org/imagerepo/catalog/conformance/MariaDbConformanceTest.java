package org.imagerepo.catalog.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;

/** The conformance suite on mariadb (real server: see TestServers). */
@NeedsServers
@QuarkusTest
@TestProfile(MariaDbConformanceTest.Store.class)
class MariaDbConformanceTest extends CatalogConformanceSuite {

    public static class Store extends MetadataStoreProfile {
        public Store() {
            super("mariadb");
        }
    }

    @Override
    protected String store() {
        return "mariadb";
    }
}
