package org.imagerepo.gateway.routing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.imagerepo.testsupport.NeedsServers;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.IOException;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing, and the proxy data path (ADR 16): image bytes stream through the gateway. */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(value = EchoUpstreams.ProxyMode.class, restrictToAnnotatedClass = true)
class GatewayRoutesTest {

    private static RequestSpecification alice() {
        return given().auth().oauth2(EchoUpstreams.issuer.token("alice", false, "hadoop-lab"));
    }

    @Test
    void imageBytesGoToBlobServiceUsersToAccountingAndEverythingElseToTheCatalog() {
        alice().get("/api/v1/images/abc/file")
                .then().statusCode(200).body("service", equalTo("blob")).body("path", equalTo("/api/v1/images/abc/file"))
                .body("user", equalTo("alice"));
        alice().contentType("application/json").body("{\"store\":\"s3\"}").post("/api/v1/images/abc/locations")
                .then().body("service", equalTo("blob")).body("method", equalTo("POST"));
        // Verifying an image's copies reads its bytes: blob-service's too.
        alice().post("/api/v1/images/abc/verification").then().statusCode(200).body("service", equalTo("blob"))
                .body("method", equalTo("POST")).body("path", equalTo("/api/v1/images/abc/verification"));
        alice().get("/api/v1/images/abc/verifications").then().body("service", equalTo("catalog"));
        alice().get("/api/v1/images/abc").then().body("service", equalTo("catalog"));
        alice().queryParam("q", "* where os=ubuntu").get("/api/v1/images").then().body("service", equalTo("catalog"));
        alice().delete("/api/v1/images/abc").then().body("service", equalTo("catalog")).body("method", equalTo("DELETE"));
        alice().get("/api/v1/users").then().body("service", equalTo("accounting")).body("path", equalTo("/api/v1/users"));
        alice().get("/api/v1/users/me").then().body("service", equalTo("accounting"));
    }

    @Test
    void historyAndUsageGoToAccountingRulesActionsAndReservationsToTheTriggers() {
        alice().get("/api/v1/history/images").then().statusCode(200).body("service", equalTo("accounting"))
                .body("path", equalTo("/api/v1/history/images")).body("user", equalTo("alice"));
        alice().get("/api/v1/history/users/alice").then().body("service", equalTo("accounting"));
        alice().queryParam("user", "alice").get("/api/v1/usage").then().body("service", equalTo("accounting"));
        alice().post("/api/v1/usage/reconciliation").then().body("service", equalTo("accounting"))
                .body("method", equalTo("POST"));
        alice().get("/api/v1/rules").then().statusCode(200).body("service", equalTo("triggers")).body("user", equalTo("alice"));
        alice().contentType("application/json").body("{\"enabled\":false}").patch("/api/v1/rules/quota-warning")
                .then().body("service", equalTo("triggers")).body("method", equalTo("PATCH"));
        alice().post("/api/v1/rules/unused-images/runs").then().body("service", equalTo("triggers"))
                .body("path", equalTo("/api/v1/rules/unused-images/runs"));
        alice().get("/api/v1/actions").then().body("service", equalTo("triggers"));
        alice().get("/api/v1/reservations").then().body("service", equalTo("triggers"));
        // Only whole path segments: a look-alike stays with the catalog.
        alice().get("/api/v1/rulesets").then().body("service", equalTo("catalog"));
        alice().get("/api/v1/usages").then().body("service", equalTo("catalog"));
        // Removing one copy of an image is blob-service's.
        alice().queryParam("uri", "fs:///ab/abc").delete("/api/v1/images/abc/locations").then()
                .body("service", equalTo("blob")).body("method", equalTo("DELETE"));
    }

    @Test
    void readinessReportsEveryServiceItRoutesTo() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'upstream-services' }.data.'trigger-service'", equalTo("UP"))
                .body("checks.find { it.name == 'upstream-services' }.data.'accounting-service'", equalTo("UP"));
    }

    @Test
    void aLargeUploadStreamsThroughWhole() {
        long size = 64L * 1024 * 1024;
        InputStream body = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 1 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        alice().contentType("application/octet-stream").body(body).put("/api/v1/images/abc/file")
                .then().statusCode(200).body("service", equalTo("blob")).body("bytes", equalTo((int) size));
    }

    @Test
    void aLargeDownloadStreamsThroughWhole() throws IOException {
        long size = 64L * 1024 * 1024;
        Response response = alice().queryParam("send", size).get("/api/v1/images/abc/file");
        long received = 0;
        try (InputStream in = response.asInputStream()) {
            byte[] buffer = new byte[65536];
            for (int n; (n = in.read(buffer)) > 0; ) {
                received += n;
            }
        }
        assertEquals(size, received);
    }

    @Test
    void anUploadCreatedInProxyModeIsSentToTheGatewayItself() {
        String url = alice().contentType("application/json").body("{\"size\": 3}").post("/api/v1/images/abc/uploads")
                .then().statusCode(201).extract().path("uploadUrl");
        assertTrue(url.startsWith("/api/v1/images/abc/file?capability="), url);
        alice().contentType("application/octet-stream").body(new byte[3]).put(java.net.URI.create(url))
                .then().statusCode(200).body("service", equalTo("blob")).body("bytes", equalTo(3));
    }

    @Test
    void aRequestLineLongerThanTheServicesTakeIsRefusedWithAProblem() {
        String query = "a".repeat(GatewayRoutes.MAX_REQUEST_LINE - "GET /api/v1/images?q= HTTP/1.1".length());
        alice().get("/api/v1/images?q=" + query).then().statusCode(200).body("service", equalTo("catalog"));
        given().get("/api/v1/images?q=" + query + "a").then().statusCode(414).contentType("application/problem+json")
                .body("detail", containsString("is 4097 bytes; the repository takes at most 4096"));
        // Far beyond the services' limit too, up to the gateway's own.
        given().get("/api/v1/images?q=" + "a".repeat(60_000)).then().statusCode(414)
                .contentType("application/problem+json").body("title", equalTo("URI too long"));
    }

    @Test
    void unknownApiPathsGetAProblem() {
        given().get("/api/v2/things").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("/api/v1/images")).body("detail", containsString("/api/v1/history"))
                .body("detail", containsString("/api/v1/rules"));
        alice().get("/internal/v1/sign-ins").then().statusCode(404);
    }
}
