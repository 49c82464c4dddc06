package org.imagerepo.query;

import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

import java.util.Objects;
import java.util.function.Function;

/**
 * Turns a query's conditions into a MongoDB filter document. The patterns travel as BSON string values
 * of {@code $regex}, never inside a filter built from text, so a value such as {@code {"$where": …}} is
 * only ever a pattern.
 *
 * <p>Each condition becomes {@code {<path>: {$regex: <pattern>, $options: "is"}}} ({@code i} ignore case,
 * {@code s} dot matches a line break, as on the SQL stores). On an array field (tags) MongoDB's
 * {@code $regex} holds when any element matches, which is the language's rule for multi-valued fields;
 * a missing or null field, and a value that is not a string, never match. Numbers must therefore be
 * mapped to a string copy kept beside them (the caller's {@code paths} decide where).
 */
public final class MongoTranslator {

    /** Case-insensitive, dot matches newline: the language's semantics (see {@link SqlDialect}). */
    public static final String OPTIONS = "is";

    private MongoTranslator() {
    }

    /**
     * @param paths maps a canonical field name to its document path (e.g. {@code "os"}, {@code "tag"},
     *              {@code "text.size"}); written by the caller, trusted
     * @return {@code {}} without conditions, the one condition's document, or {@code {$and: [...]}}; the
     *         document is new and may be combined freely (e.g. under another {@code $and})
     * @throws IllegalArgumentException if {@code paths} has no path for a field, or a path is blank or
     *                                  starts with {@code $}
     */
    public static BsonDocument translate(Query query, Function<String, String> paths) {
        Objects.requireNonNull(paths, "paths");
        BsonArray all = new BsonArray();
        for (Condition condition : query.conditions()) {
            String path = paths.apply(condition.field());
            requirePath(condition.field(), path);
            BsonDocument match = new BsonDocument("$regex", new BsonString(condition.pattern()))
                    .append("$options", new BsonString(OPTIONS));
            all.add(new BsonDocument(path, match));
        }
        if (all.isEmpty()) {
            return new BsonDocument();
        }
        // $and even for repeated fields (tag=a, tag=b): a document cannot hold the same key twice.
        return all.size() == 1 ? all.get(0).asDocument() : new BsonDocument("$and", all);
    }

    private static void requirePath(String field, String path) {
        if (path == null) {
            throw new IllegalArgumentException("No document path is mapped for field '" + field + "'");
        }
        if (path.isBlank() || path.startsWith("$") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid document path for field '" + field + "': '" + path + "'");
        }
    }
}
