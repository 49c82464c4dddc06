package org.imagerepo.gateway.routing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.NeedsServers;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.startsWith;

/** blob-service published at an address of its own (its Ingress, ADR 16): transfer links point there. */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(value = EchoUpstreams.PublishedBlob.class, restrictToAnnotatedClass = true)
class PublishedBlobTest {

    @Test
    void linksPointAtBlobServicesPublicUrl() {
        given().redirects().follow(false).auth().oauth2(EchoUpstreams.issuer.token("alice", false))
                .get("/api/v1/images/abc/file").then().statusCode(307)
                .header("Location", startsWith("https://blob.example.org/transfers/images/abc/file?capability="));
    }
}
