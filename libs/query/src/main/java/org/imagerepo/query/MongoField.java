package org.imagerepo.query;

/**
 * Where a field lives in the caller's documents: a path (trusted, written by the caller) and whether it
 * holds an array. Arrays are matched with {@code $elemMatch}, so that only an element can match: a bare
 * {@code $regex} on an array also holds for an empty array on some servers (the mongo-java-server
 * test server matches {@code []} against {@code .*}), where the language says "no value, no match".
 *
 * @param path  a document path such as {@code os}, {@code tag} or {@code text.size}; not blank, not starting with {@code $}
 * @param array whether the path holds an array of strings (a multi-valued field)
 */
public record MongoField(String path, boolean array) {

    public MongoField {
        if (path == null || path.isBlank() || path.startsWith("$") || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Invalid document path: '" + path + "'");
        }
    }

    public static MongoField scalar(String path) {
        return new MongoField(path, false);
    }

    public static MongoField array(String path) {
        return new MongoField(path, true);
    }
}
