package org.imagerepo.blob.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Locale;

/**
 * The answer to a verification: what the catalog says of the image ({@code size}, {@code sha256}) and what
 * each of its copies measured. {@code ok} only when every copy matches. Nulls are written out: a client
 * reads {@code "size": null} as "not measured", which an absent field would leave ambiguous.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Verification")
public record Verification(String imgId, boolean ok, @Schema(nullable = true) Long size,
                           @Schema(nullable = true) String sha256, List<Copy> locations) {

    public Verification {
        locations = List.copyOf(locations);
    }

    static Verification of(String imgId, Long size, String sha256, List<Copy> locations) {
        return new Verification(imgId, locations.stream().allMatch(c -> c.status() == Status.OK), size, sha256, locations);
    }

    /** What became of one copy: measured {@code size} and {@code sha256} when it could be read to its end. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Schema(name = "CopyVerification", description = "What one copy measured: size and sha256 when it could be read to "
            + "its end")
    public record Copy(String location, String store, Status status, @Schema(nullable = true) Long size,
                       @Schema(nullable = true) String sha256, @Schema(nullable = true) String message) {
    }

    @Schema(name = "CopyStatus")
    public enum Status {
        /** Read whole; size and SHA-256 are the catalog's. */
        OK,
        /** Read whole; size or SHA-256 differs from the catalog's. */
        MISMATCH,
        /** The store says nothing is there. */
        MISSING,
        /** The store could not be asked (down, not configured here, refused the location). */
        UNAVAILABLE;

        @JsonValue
        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
