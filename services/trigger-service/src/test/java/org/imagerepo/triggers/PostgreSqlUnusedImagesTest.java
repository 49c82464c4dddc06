package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;

/** {@link UnusedImagesTest} with the rules, actions and reservations in PostgreSQL. */
@NeedsServers
@QuarkusTest
@TestProfile(PostgreSqlProfile.class)
class PostgreSqlUnusedImagesTest extends UnusedImagesTest {
}
