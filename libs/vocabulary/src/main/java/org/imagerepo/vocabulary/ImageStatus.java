package org.imagerepo.vocabulary;

import java.util.Locale;
import java.util.Optional;

/**
 * The upload lifecycle, as the catalog keeps it and every API and event spells it: lower-case words. An image is
 * registered {@code pending}; blob-service's events make it {@code available} (bytes complete, checksums known) or
 * {@code failed}. Only {@code available} and {@code locked} images can be downloaded; {@code locked} ones cannot be
 * removed until unlocked.
 */
public enum ImageStatus implements WireWord {
    PENDING, AVAILABLE, LOCKED, FAILED;

    /**
     * The status {@code wire} names, in any case.
     *
     * @throws IllegalArgumentException for a word that is no status
     */
    public static ImageStatus parseWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    /** The status {@code wire} names exactly, or empty for none (null, or a word a newer catalog may send). */
    public static Optional<ImageStatus> ofWire(String wire) {
        for (ImageStatus status : values()) {
            if (status.wire().equals(wire)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Whether the image's bytes are stored: it can be downloaded. */
    public boolean hasBytes() {
        return this == AVAILABLE || this == LOCKED;
    }
}
