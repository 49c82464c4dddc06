package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;

import java.util.Map;

/**
 * The suite on PostgreSQL (the test server's imagerepo_test database, shared with the catalog's tests: the
 * tables are the service's own). New users start activated here, so the suite also covers that setting.
 */
@NeedsServers
@QuarkusTest
@TestProfile(PostgreSqlAccountingTest.Database.class)
class PostgreSqlAccountingTest extends AccountingSuite {

    public static class Database extends DatabaseProfile {
        public Database() {
            super("postgresql", Map.of("imagerepo.accounting.new-user-status", "activated"));
        }
    }
}
