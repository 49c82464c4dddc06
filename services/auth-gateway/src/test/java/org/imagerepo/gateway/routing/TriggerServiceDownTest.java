package org.imagerepo.gateway.routing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.imagerepo.testsupport.NeedsServers;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The repository works without trigger-service (ADR 10): the gateway stays ready, and says it is down. */
@NeedsServers
@QuarkusTest
@TestProfile(TriggerServiceDownTest.TriggersDown.class)
@QuarkusTestResource(value = EchoUpstreams.WithoutTriggers.class, restrictToAnnotatedClass = true)
class TriggerServiceDownTest {

    /** A profile of its own: a fresh application with the resource's addresses. */
    public static class TriggersDown implements QuarkusTestProfile {
    }

    @Test
    void theGatewayStaysReadyAndReportsTriggerServiceUnreachable() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'upstream-services' }.data.'trigger-service'", containsString("unreachable"))
                .body("checks.find { it.name == 'upstream-services' }.data.'catalog-service'", equalTo("UP"));
    }

    @Test
    void itsRoutesAreA503ProblemThatNamesItWhileTheRestWorks() {
        String token = EchoUpstreams.issuer.token("alice", false);
        given().auth().oauth2(token).get("/api/v1/rules").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("trigger-service"));
        given().auth().oauth2(token).get("/api/v1/images").then().statusCode(200).body("service", equalTo("catalog"));
    }
}
