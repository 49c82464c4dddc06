package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.NeedsServers;

/**
 * The suite on H2, the embedded default (a file under target/test-data), with the default settings: new
 * users start pending.
 */
@NeedsServers
@QuarkusTest
class H2AccountingTest extends AccountingSuite {
}
