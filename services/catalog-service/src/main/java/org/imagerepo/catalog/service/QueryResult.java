package org.imagerepo.catalog.service;

import java.util.List;
import java.util.Map;

/** The answer to a query: the fields asked for, and for each matching image those fields only. */
public record QueryResult(String query, List<String> fields, int count, List<Map<String, Object>> images) {
}
