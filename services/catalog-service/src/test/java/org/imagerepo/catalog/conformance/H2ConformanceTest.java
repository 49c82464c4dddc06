package org.imagerepo.catalog.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;

/** The conformance suite on H2, the embedded default (a file under target/). */
@NeedsServers
@QuarkusTest
@TestProfile(H2ConformanceTest.Store.class)
class H2ConformanceTest extends CatalogConformanceSuite {

    public static class Store extends MetadataStoreProfile {
        public Store() {
            super("h2");
        }
    }

    @Override
    protected String store() {
        return "h2";
    }
}
