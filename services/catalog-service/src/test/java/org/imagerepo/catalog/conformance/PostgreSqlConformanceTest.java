package org.imagerepo.catalog.conformance;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.NeedsServers;

/** The conformance suite on PostgreSQL: the test profile's default store, so it shares that Quarkus start. */
@NeedsServers
@QuarkusTest
class PostgreSqlConformanceTest extends CatalogConformanceSuite {

    @Override
    protected String store() {
        return "postgresql";
    }
}
