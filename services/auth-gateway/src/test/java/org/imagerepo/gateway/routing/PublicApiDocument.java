package org.imagerepo.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

/**
 * The one document of the public API (ADR 20): the gateway's own part ({@code src/main/openapi/gateway.yaml}) and
 * the {@code /api/v1} paths of the services' checked-in documents, as the gateway exposes them: no identity header
 * (the gateway sets it), a bearer token instead, the gateway's own refusals added to every operation, and the
 * byte routes answered with a redirect to blob-service. Only the schemas those paths use come along.
 */
final class PublicApiDocument {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    /** The services, in the order their paths are merged. */
    static final List<String> SERVICES = List.of("catalog-service", "blob-service", "accounting-service",
            "trigger-service");
    static final String PUBLIC_PATHS = "/api/v1/";
    private static final String IDENTITY_HEADER = "X-Imagerepo-Identity";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch");
    private static final String SCHEMAS = "#/components/";

    private PublicApiDocument() {
    }

    /** The merged document, from the gateway's part and the services' documents in {@code docs}. */
    static ObjectNode merge(Path gatewayPart, Path docs) throws IOException {
        ObjectNode merged = (ObjectNode) YAML.readTree(gatewayPart.toFile());
        JsonNode forwardedResponses = merged.remove("x-forwarded-responses");
        JsonNode redirectedResponses = merged.remove("x-redirected-responses");
        Map<String, JsonNode> paths = new TreeMap<>();
        merged.get("paths").fields().forEachRemaining(path -> paths.put(path.getKey(), path.getValue()));
        Map<String, ObjectNode> tags = new LinkedHashMap<>();
        merged.withArray("tags").forEach(tag -> tags.put(tag.get("name").asText(), (ObjectNode) tag));
        ObjectNode components = merged.with("components");
        for (String service : SERVICES) {
            JsonNode document = YAML.readTree(docs.resolve(service + ".yaml").toFile());
            document.get("paths").fields().forEachRemaining(path -> {
                if (!path.getKey().startsWith(PUBLIC_PATHS)) {
                    return;
                }
                if (paths.containsKey(path.getKey())) {
                    throw new IllegalStateException(path.getKey() + " is described twice: by " + service
                            + " and before it");
                }
                ObjectNode item = path.getValue().deepCopy();
                asForwarded(path.getKey(), item, forwardedResponses,
                        redirected(path.getKey()) ? redirectedResponses : null);
                paths.put(path.getKey(), item);
                copyReferenced(item, document, components, service);
                usedTags(item).forEach(name -> tags.computeIfAbsent(name, n -> tagOf(document, n)));
            });
        }
        paths.values().forEach(PublicApiDocument::withProblemBodies);
        ObjectNode sortedPaths = YAML.createObjectNode();
        paths.forEach(sortedPaths::set);
        merged.set("paths", sortedPaths);
        ArrayNode tagList = YAML.createArrayNode();
        tags.values().forEach(tagList::add);
        merged.set("tags", tagList);
        sortEach(components);
        return merged;
    }

    /** A path template as a request path: each {@code {name}} replaced by {@code name}. */
    static String example(String pathTemplate) {
        return pathTemplate.replaceAll("\\{([^}]+)}", "$1");
    }

    /** Whether the gateway answers the byte route {@code pathTemplate} with a link to blob-service (direct mode). */
    private static boolean redirected(String pathTemplate) {
        return example(pathTemplate).matches(GatewayRoutes.FILE.replaceAll(":[a-z]+", "[^/]+"))
                || pathTemplate.equals(GatewayRoutes.FILES);
    }

    static String yaml(JsonNode document) throws IOException {
        return YAML.writeValueAsString(document);
    }

    /**
     * As the gateway exposes an operation: without the identity header, with the gateway's refusals added (but the
     * refusal of an account that is not activated to {@code GET /api/v1/users/me}, which answers any account).
     */
    private static void asForwarded(String path, ObjectNode item, JsonNode forwardedResponses,
                                    JsonNode redirectedResponses) {
        removeIdentityHeader(item);
        for (String method : METHODS) {
            if (!(item.get(method) instanceof ObjectNode operation)) {
                continue;
            }
            removeIdentityHeader(operation);
            ObjectNode responses = operation.with("responses");
            ObjectNode refusals = forwardedResponses.deepCopy();
            if (method.equals("get") && path.equals(GatewayRoutes.WHOAMI)) {
                refusals.remove("403");
            }
            addResponses(responses, refusals);
            if (redirectedResponses != null) {
                addResponses(responses, redirectedResponses);
            }
            operation.set("responses", sorted(responses));
        }
    }

    /** Every refusal is a problem, as the services' filter makes their documents say (ProblemResponsesFilter). */
    private static void withProblemBodies(JsonNode item) {
        for (String method : METHODS) {
            item.path(method).path("responses").fields().forEachRemaining(response -> {
                boolean refusal = response.getKey().startsWith("4") || response.getKey().startsWith("5");
                if (refusal && !response.getValue().has("content")) {
                    ((ObjectNode) response.getValue()).putObject("content").putObject("application/problem+json")
                            .putObject("schema").put("$ref", SCHEMAS + "schemas/Problem");
                }
            });
        }
    }

    private static void addResponses(ObjectNode responses, JsonNode added) {
        added.fields().forEachRemaining(response -> {
            JsonNode declared = responses.get(response.getKey());
            if (declared == null) {
                responses.putObject(response.getKey()).put("description", response.getValue().asText());
            } else {
                ((ObjectNode) declared).put("description", declared.path("description").asText() + "; "
                        + response.getValue().asText());
            }
        });
    }

    private static void removeIdentityHeader(ObjectNode node) {
        if (node.get("parameters") instanceof ArrayNode parameters) {
            for (Iterator<JsonNode> it = parameters.elements(); it.hasNext(); ) {
                if (IDENTITY_HEADER.equalsIgnoreCase(it.next().path("name").asText())) {
                    it.remove();
                }
            }
            if (parameters.isEmpty()) {
                node.remove("parameters");
            }
        }
    }

    /** Copies every component {@code node} refers to, and theirs, from {@code document} into {@code components}. */
    private static void copyReferenced(JsonNode node, JsonNode document, ObjectNode components, String service) {
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(node));
        while (!pending.isEmpty()) {
            JsonNode next = pending.pop();
            if (next.has("$ref") && next.get("$ref").asText().startsWith(SCHEMAS)) {
                String[] kindAndName = next.get("$ref").asText().substring(SCHEMAS.length()).split("/", 2);
                JsonNode component = document.path("components").path(kindAndName[0]).get(kindAndName[1]);
                if (component == null) {
                    throw new IllegalStateException(service + " refers to " + next.get("$ref") + " but has none");
                }
                JsonNode known = components.path(kindAndName[0]).get(kindAndName[1]);
                if (known == null) {
                    components.with(kindAndName[0]).set(kindAndName[1], component);
                    pending.push(component);
                } else if (!known.equals(component)) {
                    throw new IllegalStateException(service + "'s " + next.get("$ref") + " is not the one another "
                            + "service calls so: name one of them after what it holds");
                }
            }
            next.elements().forEachRemaining(pending::push);
        }
    }

    private static List<String> usedTags(JsonNode item) {
        return METHODS.stream().map(item::get).filter(op -> op != null && op.has("tags"))
                .flatMap(op -> StreamSupport.stream(op.get("tags").spliterator(), false))
                .map(JsonNode::asText).toList();
    }

    private static ObjectNode tagOf(JsonNode document, String name) {
        for (JsonNode tag : document.path("tags")) {
            if (tag.path("name").asText().equals(name)) {
                return (ObjectNode) tag;
            }
        }
        return YAML.createObjectNode().put("name", name);
    }

    private static void sortEach(ObjectNode components) {
        List<String> kinds = new ArrayList<>();
        components.fieldNames().forEachRemaining(kinds::add);
        for (String kind : kinds) {
            components.set(kind, sorted((ObjectNode) components.get(kind)));
        }
    }

    private static ObjectNode sorted(ObjectNode node) {
        Map<String, JsonNode> byName = new TreeMap<>();
        node.fields().forEachRemaining(field -> byName.put(field.getKey(), field.getValue()));
        ObjectNode out = YAML.createObjectNode();
        byName.forEach(out::set);
        return out;
    }
}
