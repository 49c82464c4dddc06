package org.imagerepo.blob;

import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.CheckedInOpenApiTest;
import org.imagerepo.testsupport.NeedsServers;

/** docs/api/blob-service.yaml is what this service's code describes (ADR 20). */
@NeedsServers
@QuarkusTest
class OpenApiDocumentTest extends CheckedInOpenApiTest {

    OpenApiDocumentTest() {
        super("blob-service");
    }
}
