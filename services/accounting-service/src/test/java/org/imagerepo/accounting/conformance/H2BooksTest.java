package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.NeedsServers;

/** The books on H2, with the default settings (the application H2AccountingTest runs). */
@NeedsServers
@QuarkusTest
class H2BooksTest extends BooksSuite {
}
