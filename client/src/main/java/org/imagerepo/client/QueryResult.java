package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to a query: the images that matched, each reduced to the projected {@code fields}.
 *
 * @param query  the query as the server understood it
 * @param fields the projected fields, in order (all of {@link Image#FIELDS} for {@code *})
 * @param count  how many images matched
 * @param images one map per image, field name to JSON value (string, number, list, or {@code null}), in the
 *               server's order
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"query", "fields", "count", "images"})
public record QueryResult(String query, List<String> fields, int count, List<Map<String, Object>> images) {

    public QueryResult {
        fields = fields == null ? List.of() : List.copyOf(fields);
        images = images == null ? List.of() : images.stream()
                .map(m -> java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m)))
                .toList();
    }

    /**
     * The images as {@link Image} records; fields that were not projected are {@code null} (or empty, for
     * {@code tag}).
     */
    @JsonIgnore
    public List<Image> asImages() {
        return images.stream().map(m -> Json.mapper().convertValue(m, Image.class)).toList();
    }
}
