package org.imagerepo.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public API's checked-in document, {@code docs/api/openapi.yaml} (ADR 20), as the judge of the answers the
 * client's and the CLI's unit tests make up: a canned answer that the API could not give fails the test that serves
 * it, naming what the document says instead. So a change of the API's JSON shape breaks those tests, not only the
 * end-to-end ones.
 */
public final class ApiContract {

    private static final Path DOCUMENT = find();
    private static final JsonNode API = read(DOCUMENT);
    private static final JsonNode PATHS = API.get("paths");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiContract() {
    }

    /**
     * Fails unless {@code METHOD path} (a request path, with or without its query) may answer {@code status} with
     * {@code body} (JSON; empty for none) according to the document.
     */
    public static void assertAnswer(String method, String path, int status, String body) {
        String request = method + " " + path;
        String template = template(path.split("\\?", 2)[0]);
        JsonNode operation = PATHS.get(template).get(method.toLowerCase());
        if (operation == null) {
            throw new AssertionError(request + ": " + DOCUMENT + " has no " + method + " " + template);
        }
        JsonNode response = operation.path("responses").get(Integer.toString(status));
        if (response == null) {
            throw new AssertionError(request + " cannot answer " + status + " by " + DOCUMENT + ", which lists "
                    + fieldNames(operation.path("responses")));
        }
        if (body == null || body.isEmpty()) {
            return;
        }
        String mediaType = status >= 400 ? "application/problem+json" : "application/json";
        if (!response.path("content").has(mediaType)) {
            throw new AssertionError(request + " answers " + status + " with no " + mediaType + " body by "
                    + DOCUMENT + ": " + response);
        }
        // The answer's schema with the document's components beside it, where its references point.
        ObjectNode schema = response.path("content").path(mediaType).path("schema").deepCopy();
        schema.set("components", API.get("components"));
        Set<ValidationMessage> errors;
        try {
            errors = SCHEMAS.getSchema(schema).validate(JSON.readTree(body));
        } catch (IOException e) {
            throw new AssertionError(request + ": the canned body is not JSON: " + body, e);
        }
        if (!errors.isEmpty()) {
            throw new AssertionError(request + " " + status + ": the canned body is not what " + DOCUMENT
                    + " says it answers: " + errors.stream().map(ValidationMessage::getMessage)
                    .collect(Collectors.joining("; ")) + "\nbody: " + body);
        }
    }

    /** The document's path template that {@code path} falls under, literal segments before parameters. */
    static String template(String path) {
        Iterator<String> names = PATHS.fieldNames();
        String best = null;
        while (names.hasNext()) {
            String candidate = names.next();
            if (path.matches(candidate.replaceAll("\\{[^}]+}", "[^/]+"))
                    && (best == null || Comparator.<String>comparingLong(t -> t.chars().filter(c -> c == '{').count())
                    .compare(candidate, best) < 0)) {
                best = candidate;
            }
        }
        if (best == null) {
            throw new AssertionError(path + " is no path of " + DOCUMENT);
        }
        return best;
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder names = new StringBuilder();
        node.fieldNames().forEachRemaining(name -> names.append(names.isEmpty() ? "" : ", ").append(name));
        return names.toString();
    }

    private static JsonNode read(Path document) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(document.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code docs/api/openapi.yaml} above the working directory (the module's folder in a Maven run). */
    private static Path find() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path document = dir.resolve("docs/api/openapi.yaml");
            if (Files.exists(document)) {
                return document;
            }
        }
        throw new IllegalStateException("no docs/api/openapi.yaml above " + Path.of("").toAbsolutePath());
    }
}
