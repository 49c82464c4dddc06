package org.imagerepo.support.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.tags.Tag;
import org.imagerepo.support.Problem;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * Every service's OpenAPI document (ADR 20): every property of a schema is required unless the schema says which
 * are (the views are records, which Jackson writes whole); a refusal an operation declares with
 * {@code @APIResponse(responseCode = "404", description = "`not-found`: ...")} gets the one problem+json body every
 * refusal has, so that resources name only the status and the problem types, and the {@code Problem} schema is
 * written once. The service-to-service paths ({@code /internal/...}) are tagged {@value #INTERNAL} and nothing else,
 * apart from the public API the gateway forwards under {@code /api/v1}. Set with
 * {@code mp.openapi.filter=org.imagerepo.support.openapi.ProblemResponsesFilter}.
 */
public class ProblemResponsesFilter implements OASFilter {

    /** The schema's name in {@code components/schemas}. */
    public static final String SCHEMA = "Problem";
    /** The tag of the service-to-service paths. */
    public static final String INTERNAL = "internal";
    private static final String INTERNAL_PATHS = "/internal/";

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() == null) {
            return operation;
        }
        for (Map.Entry<String, APIResponse> declared : operation.getResponses().getAPIResponses().entrySet()) {
            APIResponse response = declared.getValue();
            boolean refusal = declared.getKey().startsWith("4") || declared.getKey().startsWith("5");
            if (refusal && (response.getContent() == null || response.getContent().getMediaTypes().isEmpty())) {
                response.setContent(problemContent());
            }
        }
        return operation;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        // Jackson writes every component of a view record, null or not: each property is always there.
        openAPI.getComponents().getSchemas().values().stream()
                .filter(schema -> schema.getProperties() != null && schema.getRequired() == null)
                .forEach(schema -> schema.setRequired(new ArrayList<>(schema.getProperties().keySet())));
        if (openAPI.getPaths() == null) {
            return;
        }
        Set<String> used = new HashSet<>();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values().forEach(operation -> {
            if (path.startsWith(INTERNAL_PATHS)) {
                operation.setTags(List.of(INTERNAL));
            }
            if (operation.getTags() != null) {
                used.addAll(operation.getTags());
            }
        }));
        List<Tag> tags = new ArrayList<>();
        if (openAPI.getTags() != null) {
            openAPI.getTags().stream().filter(tag -> used.contains(tag.getName())).forEach(tags::add);
        }
        if (used.contains(INTERNAL)) {
            tags.add(OASFactory.createTag().name(INTERNAL).description("Service to service: the gateway does not "
                    + "route these; callers bring the identity or transfer capability the gateway signed."));
        }
        openAPI.setTags(tags);
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(SCHEMA)));
    }

    /** RFC 9457, as {@link Problem} writes it. */
    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .description("An RFC 9457 problem detail, the body of every refusal. `type` is "
                        + "https://imagerepo.org/problems/ and a slug, stable per kind of refusal (each operation "
                        + "names the slugs it can answer); `detail` is the sentence a person reads.")
                .type(List.of(Schema.SchemaType.OBJECT))
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).format("uri")
                        .examples(List.of("https://imagerepo.org/problems/not-found")))
                .addProperty("title", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32"))
                .addProperty("detail", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)));
    }
}
