package org.imagerepo.catalog.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The answer to a query: the fields asked for, and for each matching image those fields only. */
@Schema(name = "QueryResult"
        , description = "The fields asked for and, for each matching image the caller may see, those fields only")
public record QueryResult(String query, List<String> fields, int count, List<Map<String, Object>> images) {
}
