package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The answer to {@code POST /api/v1/images/{id}/verification}: blob-service read every copy of the image's bytes
 * and compared its size and SHA-256 with the catalog's.
 *
 * @param imgId     the image
 * @param ok        every copy is intact
 * @param size      the size the catalog records
 * @param sha256    the SHA-256 the catalog records
 * @param locations one entry per copy
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"imgId", "ok", "size", "sha256", "locations"})
public record Verification(String imgId, boolean ok, Long size, String sha256, List<Copy> locations) {

    /** The copy is intact. */
    public static final String OK = "ok";
    /** The store does not have the copy's object. */
    public static final String MISSING = "missing";
    /** The copy's size or SHA-256 differs from the catalog's. */
    public static final String MISMATCH = "mismatch";
    /** The copy's store could not be read: nothing is known about it. */
    public static final String UNAVAILABLE = "unavailable";

    public Verification {
        locations = locations == null ? List.of() : List.copyOf(locations);
    }

    /** The copies with {@code status}. */
    public List<Copy> withStatus(String status) {
        return locations.stream().filter(c -> status.equals(c.status())).toList();
    }

    /**
     * One copy as read.
     *
     * @param location the copy's location
     * @param store    the store holding it
     * @param status   {@link #OK}, {@link #MISSING}, {@link #MISMATCH} or {@link #UNAVAILABLE}
     * @param size     the bytes read, or null if it could not be read
     * @param sha256   their SHA-256, or null if it could not be read
     * @param message  what was wrong, or null when it is intact
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"location", "store", "status", "size", "sha256", "message"})
    public record Copy(String location, String store, String status, Long size, String sha256, String message) {
    }
}
