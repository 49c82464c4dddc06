package org.imagerepo.gateway.routing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.NeedsServers;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's door (ADR 9): which tokens pass, what the services then receive, and what refusals say. */
@NeedsServers
@QuarkusTest
@QuarkusTestResource(value = EchoUpstreams.class, restrictToAnnotatedClass = true)
class EdgeSecurityTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    URL base;

    @Test
    void aValidTokenReachesTheServiceAsTheGatewaysSignedIdentityAndNotAsTheToken() {
        given().auth().oauth2(EchoUpstreams.issuer.token("bob", false, "hadoop-lab", "mpi-lab")).get("/api/v1/images/x")
                .then().statusCode(200).body("user", equalTo("bob")).body("role", equalTo("user"))
                .body("status", equalTo("activated")).body("groups", hasItem("mpi-lab"))
                .body("authorization", equalTo(false));
        given().auth().oauth2(EchoUpstreams.issuer.token("ada", true, "imagerepo-admins")).get("/api/v1/images/x")
                .then().statusCode(200).body("user", equalTo("ada")).body("role", equalTo("admin"));
    }

    @Test
    void anIdentityHeaderFromTheClientIsDroppedNotTrusted() {
        given().header("X-Imagerepo-Identity", org.imagerepo.testsupport.TestIdentities.admin("mallory"))
                .get("/api/v1/images").then().statusCode(401);
        given().auth().oauth2(EchoUpstreams.issuer.token("alice", false))
                .header("X-Imagerepo-Identity", org.imagerepo.testsupport.TestIdentities.admin("mallory"))
                .get("/api/v1/images/x").then().statusCode(200).body("user", equalTo("alice")).body("role", equalTo("user"));
    }

    @Test
    void eachBadTokenGetsA401ThatSaysWhatIsWrong() {
        given().get("/api/v1/images").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer")).body("detail", containsString("imagerepo login"));
        given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").get("/api/v1/images").then().statusCode(401)
                .body("detail", containsString("Bearer"));
        given().auth().oauth2("not-a-jwt").get("/api/v1/images").then().statusCode(401)
                .body("detail", containsString("not a valid JWT"));
        given().auth().oauth2(EchoUpstreams.issuer.token(StubIssuer::expired)).get("/api/v1/images").then().statusCode(401)
                .body("type", containsString("expired-token")).body("detail", containsString("expired"));
        given().auth().oauth2(EchoUpstreams.issuer.forged()).get("/api/v1/images").then().statusCode(401)
                .body("type", containsString("forged-token")).body("detail", containsString("signature"));
        given().auth().oauth2(EchoUpstreams.issuer.token(c -> c.setAudience("account"))).get("/api/v1/images")
                .then().statusCode(401).body("type", containsString("wrong-audience"))
                .body("detail", containsString("imagerepo-gateway"));
        given().auth().oauth2(EchoUpstreams.issuer.token(c -> c.setIssuer("http://127.0.0.1:1/realms/other")))
                .get("/api/v1/images").then().statusCode(401).body("type", containsString("wrong-issuer"));
        given().auth().oauth2(EchoUpstreams.issuer.token(c -> c.unsetClaim("preferred_username")))
                .get("/api/v1/images").then().statusCode(401).body("detail", containsString("names no user"));
    }

    @Test
    void pendingAndDeactivatedUsersMayOnlyAskWhoTheyAre() {
        for (String user : new String[]{"erin", "frank"}) {
            String token = EchoUpstreams.issuer.token(user, false);
            String status = user.equals("erin") ? "pending" : "deactivated";
            given().auth().oauth2(token).get("/api/v1/images").then().statusCode(403)
                    .contentType("application/problem+json").body("detail", containsString(status))
                    .body("detail", containsString("administrator"));
            given().auth().oauth2(token).contentType("application/octet-stream").body(new byte[1000])
                    .put("/api/v1/images/x/file").then().statusCode(403);
            given().auth().oauth2(token).get("/api/v1/users/me").then().statusCode(200)
                    .body("service", equalTo("accounting")).body("status", equalTo(status));
            given().auth().oauth2(token).delete("/api/v1/users/me").then().statusCode(403);
        }
    }

    @Test
    void aBurstOfRequestsSignsInOnce() {
        String user = "u" + System.nanoTime();
        String token = EchoUpstreams.issuer.token(user, false);
        for (int i = 0; i < 5; i++) {
            given().auth().oauth2(token).get("/api/v1/images/x").then().statusCode(200).body("user", equalTo(user));
        }
        AtomicInteger signIns = EchoUpstreams.SIGN_INS.get(user);
        assertTrue(signIns.get() >= 1 && signIns.get() < 5, "sign-ins for 5 quick requests: " + signIns.get());
    }

    @Test
    void aRefusedUploadIsAnsweredWithoutReadingItsBodyAndTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/images/x/file HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
                    + "Content-Length: 2000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // No body: bytes sent into a connection the server has answered and closed would reset it, and the
            // reset can discard the answer. Reading to the end returns only because the server closes.
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            assertTrue(answer.contains("application/problem+json"), answer);
        }
    }

    @Test
    void overHttp2ARefusedUploadEndsOnlyItsOwnStream() throws Exception {
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.URI images = base.toURI().resolve("/api/v1/images/x");
        String token = EchoUpstreams.issuer.token("alice", false);
        java.net.http.HttpResponse<String> first = h2.send(java.net.http.HttpRequest.newBuilder(images)
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(java.net.http.HttpClient.Version.HTTP_2, first.version(), "the connection was upgraded to h2c");
        java.net.http.HttpResponse<String> refused = h2.send(java.net.http.HttpRequest.newBuilder(base.toURI().resolve("/api/v1/images/x/file"))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[200_000])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        java.net.http.HttpResponse<String> after = h2.send(java.net.http.HttpRequest.newBuilder(images)
                .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), after.body());
    }

    @Test
    void theSignInRouteNeedsNoTokenAndNamesTheProvider() {
        given().get("/api/v1/auth").then().statusCode(200)
                .body("issuer", equalTo(EchoUpstreams.issuer.issuer))
                .body("clientId", equalTo("imagerepo-cli"))
                .body("tokenEndpoint", equalTo(EchoUpstreams.issuer.issuer + "/token"))
                .body("deviceAuthorizationEndpoint", equalTo(EchoUpstreams.issuer.issuer + "/device"));
    }
}
