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
 * {@code s} dot matches a line break, as on the SQL stores), or for an array (tags)
 * {@code {<path>: {$elemMatch: {$regex: …, $options: "is"}}}}: any element matching is the language's
 * rule for multi-valued fields, and an empty array never matches. A missing or null field, and a value
 * that is not a string, never match; numbers must therefore be mapped to a string copy kept beside them
 * (the caller's {@code fields} decide where).
 */
public final class MongoTranslator {

    /** Case-insensitive, dot matches newline: the language's semantics (see {@link SqlDialect}). */
    public static final String OPTIONS = "is";

    /** At most this many case variants of a prefix; each is one range of an index. */
    public static final int MAX_PREFIX_VARIANTS = 64;

    private MongoTranslator() {
    }

    /**
     * An anchored pattern's {@link LiteralPrefix} as case-sensitive, anchored regular expressions of plain
     * literals, one per case variant: MongoDB turns each into a tight range of an index (it cannot for a
     * case-insensitive {@code $regex}). On an array any element may match: a looser, still necessary,
     * condition beside the {@code $elemMatch}.
     */
    private static BsonArray prefixRegexes(String prefix) {
        BsonArray regexes = new BsonArray();
        for (String variant : LiteralPrefix.caseVariants(prefix, MAX_PREFIX_VARIANTS)) {
            StringBuilder regex = new StringBuilder("^");
            for (int i = 0; i < variant.length(); i++) {
                char c = variant.charAt(i);
                if (c < 0x80 && !Character.isLetterOrDigit(c) && c != ' ') {
                    regex.append('\\');
                }
                regex.append(c);
            }
            regexes.add(new org.bson.BsonRegularExpression(regex.toString()));
        }
        return regexes;
    }

    /**
     * @param fields maps a canonical field name to where it is stored (e.g. {@code scalar("os")},
     *               {@code array("tag")}, {@code scalar("text.size")}); written by the caller, trusted
     * @return {@code {}} without conditions, the one condition's document, or {@code {$and: [...]}}; the
     *         document is new and may be combined freely (e.g. under another {@code $and})
     * @throws IllegalArgumentException if {@code fields} has nothing for a field in the query
     */
    public static BsonDocument translate(Query query, Function<String, MongoField> fields) {
        Objects.requireNonNull(fields, "fields");
        BsonArray all = new BsonArray();
        for (Condition condition : query.conditions()) {
            MongoField field = fields.apply(condition.field());
            if (field == null) {
                throw new IllegalArgumentException("No document path is mapped for field '" + condition.field() + "'");
            }
            String prefix = LiteralPrefix.of(condition.pattern());
            if (!prefix.isEmpty()) {
                all.add(new BsonDocument(field.path(), new BsonDocument("$in", prefixRegexes(prefix))));
            }
            BsonDocument match = new BsonDocument("$regex", new BsonString(condition.pattern()))
                    .append("$options", new BsonString(OPTIONS));
            all.add(new BsonDocument(field.path(), field.array() ? new BsonDocument("$elemMatch", match) : match));
        }
        if (all.isEmpty()) {
            return new BsonDocument();
        }
        // $and even for repeated fields (and for a prefix beside its regex) (tag=a, tag=b): a document cannot hold the same key twice.
        return all.size() == 1 ? all.get(0).asDocument() : new BsonDocument("$and", all);
    }
}
