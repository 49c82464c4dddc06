package org.imagerepo.blob.storage;

import java.util.regex.Pattern;

/** The keys the service stores objects under (image ids): a shape every store can hold unescaped. */
public final class ObjectKeys {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private ObjectKeys() {
    }

    /** @throws StorageException when {@code key} is not a valid object key */
    public static String check(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new StorageException("invalid object key '" + key + "'");
        }
        return key;
    }
}
