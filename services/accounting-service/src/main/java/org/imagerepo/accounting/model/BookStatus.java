package org.imagerepo.accounting.model;

import java.util.Locale;

/**
 * Where an image's bytes are, as the books know it: {@code pending} (registered, or only accessed so far),
 * {@code available} (stored: counts as usage), {@code failed} (the upload failed) and {@code deleted}
 * (terminal: no later event brings it back).
 */
public enum BookStatus {
    PENDING, AVAILABLE, FAILED, DELETED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BookStatus parseWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
