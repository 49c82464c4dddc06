package org.imagerepo.catalog.domain;

/**
 * The upload lifecycle. An image is registered {@code pending}; blob-service's events make it
 * {@code available} (bytes complete, checksums known) or {@code failed}. Only {@code available} and
 * {@code locked} images can be downloaded; {@code locked} ones cannot be removed until unlocked.
 */
public enum ImageStatus implements WireValue {
    PENDING, AVAILABLE, LOCKED, FAILED;

    public static ImageStatus parseWire(String wire) {
        return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean hasBytes() {
        return this == AVAILABLE || this == LOCKED;
    }
}
