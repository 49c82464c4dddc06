package org.imagerepo.gateway.routing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@NeedsServers
@QuarkusTest
@TestProfile(UnreachableUpstreamTest.NothingListening.class)
@QuarkusTestResource(value = EchoUpstreams.WithoutServices.class, restrictToAnnotatedClass = true)
class UnreachableUpstreamTest {

    /** A profile of its own: a fresh application with the resource's addresses. */
    public static class NothingListening implements QuarkusTestProfile {
    }

    @Test
    void anUnreachableServiceIsA503ProblemThatNamesIt() {
        String token = EchoUpstreams.issuer.token("alice", false);
        given().auth().oauth2(token).get("/api/v1/images").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("catalog-service"));
        given().auth().oauth2(token).get("/api/v1/images/x/file").then().statusCode(503).body("detail", containsString("blob-service"));
    }

    @Test
    void theGatewayIsNotReadyWhileItsServicesAreDown() {
        given().get("/q/health/ready").then().statusCode(503).body(containsString("unreachable"));
    }
}
