package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;
import java.util.List;

/**
 * What accounting-service recorded about one image ({@code GET /api/v1/history/images[/{id}]}).
 *
 * @param imgId            the image's id
 * @param owner            who owns it
 * @param name             its name
 * @param size             its bytes, or {@code null} before they were stored
 * @param status           its status as accounting last saw it (e.g. {@code pending}, {@code available},
 *                         {@code failed}, {@code deleted})
 * @param accessCount      how many downloads (whole or ranges) there were
 * @param bytesTransferred how many bytes those downloads sent
 * @param lastAccess       when it was last downloaded, or {@code null}
 * @param storedAt         when its bytes were stored, or {@code null}
 * @param deletedAt        when it left the repository, or {@code null}
 * @param accesses         the downloads, newest first (only from {@code GET /api/v1/history/images/{id}}; a page of
 *                         them, see {@code total}); empty in lists
 * @param total            how many accesses there are in all (only for one image), or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"imgId", "owner", "name", "size", "status", "accessCount", "bytesTransferred", "lastAccess",
        "storedAt", "deletedAt", "total", "accesses"})
public record ImageHistory(String imgId, String owner, String name, Long size, String status, long accessCount,
                           long bytesTransferred,
                           @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant lastAccess,
                           @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant storedAt,
                           @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant deletedAt,
                           List<Access> accesses, Long total) {

    public ImageHistory {
        accesses = accesses == null ? List.of() : List.copyOf(accesses);
    }

    /**
     * One download of the image.
     *
     * @param eventId    the id of the access event it was recorded from
     * @param username   who downloaded
     * @param at         when
     * @param bytes      how many bytes were sent
     * @param wholeImage whether it was the whole image (not a range)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"eventId", "username", "at", "bytes", "wholeImage"})
    public record Access(String eventId, String username,
                         @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant at,
                         long bytes, boolean wholeImage) {
    }
}
