package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;

/** The books on PostgreSQL, in the application PostgreSqlAccountingTest runs (its profile). */
@NeedsServers
@QuarkusTest
@TestProfile(PostgreSqlAccountingTest.Database.class)
class PostgreSqlBooksTest extends BooksSuite {
}
