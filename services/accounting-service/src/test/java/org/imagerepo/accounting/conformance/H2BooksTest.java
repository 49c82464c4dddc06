package org.imagerepo.accounting.conformance;

import io.quarkus.test.junit.QuarkusTest;

/** The books on H2, with the default settings (the application H2AccountingTest runs). */
@QuarkusTest
class H2BooksTest extends BooksSuite {
}
