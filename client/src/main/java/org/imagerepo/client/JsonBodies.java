package org.imagerepo.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.List;

/** The JSON of requests and answers, with {@link Json#mapper()}; an answer it cannot read is an I/O failure. */
final class JsonBodies {

    private JsonBodies() {
    }

    static String write(Object value) {
        try {
            return Json.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static <T> T read(HttpResponse<String> resp, Class<T> type) {
        try {
            return Json.mapper().readValue(resp.body(), type);
        } catch (JsonProcessingException e) {
            throw unreadable(resp, e.getOriginalMessage(), e);
        }
    }

    /**
     * A list answer: a bare JSON array, or an object holding the rows under {@code items} or {@code name} (e.g.
     * {@code images}) with their number in all under {@code total} or {@code count}.
     */
    static <T> Page<T> readPage(HttpResponse<String> resp, Class<T> type, String name) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(resp.body());
        } catch (JsonProcessingException e) {
            throw unreadable(resp, e.getOriginalMessage(), e);
        }
        JsonNode rows = root == null ? null : root.isArray() ? root
                : root.has(name) ? root.get(name) : root.get("items");
        if (rows == null || !rows.isArray()) {
            throw unreadable(resp, "expected a list of " + name, null);
        }
        List<T> items;
        try {
            JavaType listType = Json.mapper().getTypeFactory().constructCollectionType(List.class, type);
            items = Json.mapper().convertValue(rows, listType);
        } catch (IllegalArgumentException e) {
            throw unreadable(resp, e.getMessage(), e);
        }
        JsonNode total = root.isObject() ? (root.has("total") ? root.get("total") : root.get("count")) : null;
        return new Page<>(total != null && total.canConvertToLong() ? total.asLong() : items.size(),
                intOrNull(root, "limit"), intOrNull(root, "offset"), items);
    }

    private static Integer intOrNull(JsonNode node, String field) {
        JsonNode v = node.isObject() ? node.get(field) : null;
        return v != null && v.canConvertToInt() ? v.asInt() : null;
    }

    private static ImageRepoException unreadable(HttpResponse<?> resp, String why, Throwable cause) {
        return new ImageRepoException(ImageRepoException.Kind.IO, "unreadable answer from imagerepo to "
                + resp.request().method() + " " + resp.request().uri().getRawPath() + ": " + why, cause);
    }
}
