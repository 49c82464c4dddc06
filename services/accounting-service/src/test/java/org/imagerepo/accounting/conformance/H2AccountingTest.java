package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The suite on H2, the embedded default (a file under target/test-data), with the default settings: new
 * users start pending.
 */
@QuarkusTest
class H2AccountingTest extends AccountingSuite {
}
