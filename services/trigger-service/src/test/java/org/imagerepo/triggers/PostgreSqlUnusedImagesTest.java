package org.imagerepo.triggers;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link UnusedImagesTest} with the rules, actions and reservations in PostgreSQL. */
@QuarkusTest
@TestProfile(PostgreSqlProfile.class)
class PostgreSqlUnusedImagesTest extends UnusedImagesTest {
}
