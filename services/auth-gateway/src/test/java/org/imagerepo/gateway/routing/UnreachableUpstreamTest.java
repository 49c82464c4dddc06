package org.imagerepo.gateway.routing;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@TestProfile(UnreachableUpstreamTest.NothingListening.class)
class UnreachableUpstreamTest {

    public static class NothingListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                String nowhere = "http://127.0.0.1:" + EchoUpstreams.closedPort();
                return Map.of("imagerepo.gateway.catalog-url", nowhere, "imagerepo.gateway.blob-url", nowhere);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void anUnreachableServiceIsA503ProblemThatNamesIt() {
        given().get("/api/v1/images").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("catalog-service"));
        given().get("/api/v1/images/x/file").then().statusCode(503).body("detail", containsString("blob-service"));
    }

    @Test
    void theGatewayIsNotReadyWhileItsServicesAreDown() {
        given().get("/q/health/ready").then().statusCode(503).body(containsString("unreachable"));
    }
}
