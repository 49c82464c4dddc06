package org.imagerepo.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.imagerepo.testsupport.ApiDocuments;
import org.imagerepo.testsupport.CheckedInOpenApiTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * docs/api/openapi.yaml, the public API the gateway serves at /q/openapi, is the merge of the gateway's part and
 * the services' checked-in documents (ADR 20), and each of its paths goes where the gateway routes it.
 * {@code -Dimagerepo.openapi.update=true} writes the merge over it.
 */
class PublicApiDocumentTest {

    private static final Path GATEWAY_PART = Path.of("src/main/openapi/gateway.yaml");

    @Test
    void theCheckedInPublicDocumentIsTheMergeOfTheServicesDocuments() throws IOException {
        String merged = PublicApiDocument.yaml(PublicApiDocument.merge(GATEWAY_PART, ApiDocuments.directory()));
        Path checkedIn = ApiDocuments.directory().resolve("openapi.yaml");
        if (Boolean.getBoolean(CheckedInOpenApiTest.UPDATE_PROPERTY)) {
            Files.writeString(checkedIn, merged);
            return;
        }
        assertTrue(Files.exists(checkedIn), checkedIn + " is missing: " + refresh());
        assertEquals(Files.readString(checkedIn), merged, checkedIn + " is not the merge of the services' documents "
                + "and " + GATEWAY_PART + ". " + refresh());
    }

    @Test
    void everyPublicPathIsOneTheGatewaySendsToTheServiceThatDescribesIt() throws IOException {
        List<String> misrouted = new ArrayList<>();
        for (String service : PublicApiDocument.SERVICES) {
            JsonNode document = PublicApiDocument.YAML.readTree(
                    ApiDocuments.directory().resolve(service + ".yaml").toFile());
            document.get("paths").fieldNames().forEachRemaining(path -> {
                if (path.startsWith(PublicApiDocument.PUBLIC_PATHS) && !service.equals(routedTo(path))) {
                    misrouted.add(path + " (described by " + service + ", routed to " + routedTo(path) + ")");
                }
            });
        }
        assertEquals(List.of(), misrouted);
    }

    @Test
    void theMergeHoldsNoInternalPathAndNoIdentityHeader() throws IOException {
        ObjectNode merged = PublicApiDocument.merge(GATEWAY_PART, ApiDocuments.directory());
        merged.get("paths").fieldNames().forEachRemaining(path ->
                assertTrue(path.startsWith(PublicApiDocument.PUBLIC_PATHS), path + " is not public"));
        String text = PublicApiDocument.yaml(merged);
        assertFalse(text.contains("X-Imagerepo-Identity"), "the gateway sets the identity; clients never send it");
        assertTrue(merged.get("paths").has("/api/v1/auth") && merged.get("paths").has("/api/v1/images/{id}"));
        if (!merged.at("/components/schemas").has("Problem")) {
            fail("every refusal is a Problem: " + merged.at("/components/schemas").toString());
        }
    }

    private static String routedTo(String pathTemplate) {
        String path = PublicApiDocument.example(pathTemplate);
        if (path.matches(GatewayRoutes.BLOB_PATHS)) {
            return "blob-service";
        }
        if (path.matches(GatewayRoutes.ACCOUNTING_PATHS)) {
            return "accounting-service";
        }
        if (path.matches(GatewayRoutes.TRIGGER_PATHS)) {
            return "trigger-service";
        }
        return "catalog-service";
    }

    private static String refresh() {
        return "Refresh the services' documents first if they changed, then: mvn -pl services/auth-gateway -am verify "
                + "-Dtest=PublicApiDocumentTest -Dsurefire.failIfNoSpecifiedTests=false -D"
                + CheckedInOpenApiTest.UPDATE_PROPERTY + "=true";
    }
}
