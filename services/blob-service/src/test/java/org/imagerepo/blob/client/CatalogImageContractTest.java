package org.imagerepo.blob.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CatalogImage reads only the fields blob-service needs from catalog-service's image: each of them must be in the
 * catalog's checked-in API document (docs/api, ADR 20) with the JSON type the record reads, so that a change of
 * the catalog's image breaks this test rather than a download.
 */
class CatalogImageContractTest {

    private static final Path CATALOG_DOCUMENT = Path.of("../../docs/api/catalog-service.yaml");

    /** The JSON Schema type each Java type of the record is read from. */
    private static final Map<Class<?>, String> JSON_TYPES = Map.of(String.class, "string", Long.class, "integer",
            List.class, "array");

    @Test
    void everyFieldBlobServiceReadsIsInTheCatalogsImageWithItsType() throws IOException {
        JsonNode document = new ObjectMapper(new YAMLFactory()).readTree(CATALOG_DOCUMENT.toFile());
        JsonNode properties = document.at("/components/schemas/Image/properties");
        assertFalse(properties.isMissingNode(), "no Image schema in " + CATALOG_DOCUMENT);

        for (RecordComponent field : CatalogImage.class.getRecordComponents()) {
            JsonNode property = properties.get(field.getName());
            assertNotNull(property, "catalog-service's Image has no field " + field.getName() + " (" + CATALOG_DOCUMENT
                    + "), which blob-service reads");
            // OpenAPI 3.1: a field that may be null has the types [string, "null"].
            Set<String> types = new HashSet<>();
            property.path("type").forEach(type -> types.add(type.asText()));
            if (property.path("type").isTextual()) {
                types.add(property.path("type").asText());
            }
            assertTrue(types.contains(JSON_TYPES.get(field.getType())), "the JSON type of Image." + field.getName()
                    + " is " + types + ", not " + JSON_TYPES.get(field.getType()));
        }
    }
}
