package org.imagerepo.query;

import java.util.List;

/**
 * A parsed query: which fields to return and which conditions an image must meet (all of them).
 * Parse it once, then hand the tree to a translator for the store at hand; the text itself never
 * reaches a store.
 *
 * @param fields     canonical names of the fields to return, in the order asked; empty means all fields
 * @param conditions conditions that must all hold; empty means every image the caller may see
 */
public record Query(List<String> fields, List<Condition> conditions) {

    /** Longest query text accepted, in UTF-16 chars; checked before anything else is read. */
    public static final int MAX_LENGTH = 8192;
    /** Most conditions one query may hold. */
    public static final int MAX_CONDITIONS = 32;

    /** {@code *}: every field of every image the caller may see. */
    public static final Query ALL = new Query(List.of(), List.of());

    public Query {
        fields = List.copyOf(fields);
        conditions = List.copyOf(conditions);
    }

    /**
     * Parses {@code text}, resolving field names against {@code catalog}. A blank text means {@code *}.
     *
     * @throws QueryException if the text is not a valid query for this catalog
     */
    public static Query parse(String text, FieldCatalog catalog) {
        return QueryParser.parse(text, catalog);
    }

    /** Whether the query returns every field ({@code *}). */
    public boolean selectsAllFields() {
        return fields.isEmpty();
    }
}
