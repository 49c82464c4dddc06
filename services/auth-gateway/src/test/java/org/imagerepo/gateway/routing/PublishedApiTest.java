package org.imagerepo.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import org.imagerepo.testsupport.ApiDocuments;
import org.imagerepo.testsupport.NeedsServers;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The gateway publishes the public API's one document (ADR 20) and a page to read it, and its 404 points there. */
@NeedsServers
@QuarkusTest
class PublishedApiTest {

    @Test
    void theCheckedInPublicDocumentIsServedAtQOpenapiWithoutAToken() throws IOException {
        JsonNode checkedIn = PublicApiDocument.YAML.readTree(ApiDocuments.directory().resolve("openapi.yaml").toFile());
        JsonNode served = new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
        assertEquals(checkedIn.get("paths"), served.get("paths"));
        assertEquals(checkedIn.at("/components/schemas"), served.at("/components/schemas"));
        assertEquals("imagerepo", served.at("/info/title").asText());
        assertEquals("bearer", served.at("/components/securitySchemes/bearer/scheme").asText());
    }

    @Test
    void swaggerUiShowsTheDocument() {
        given().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("swagger-ui"));
        given().get("/q/swagger-ui/index.html").then().statusCode(200).body(containsString("/q/openapi"));
    }

    @Test
    void anUnknownApiPathSaysWhereTheApiIsDescribed() {
        given().get("/api/v2/images").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("/q/openapi"))
                .body("detail", containsString("/q/swagger-ui"));
        given().get("/q/openapi").then().statusCode(200);
    }
}
