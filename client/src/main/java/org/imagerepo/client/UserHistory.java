package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/**
 * What accounting-service recorded about one user ({@code GET /api/v1/history/users[/{name}]}).
 *
 * @param username        the user
 * @param quota           how many bytes they may store, or {@code null} when not limited
 * @param usedBytes       the bytes of the images they own
 * @param reservedBytes   the bytes held by their uploads in progress
 * @param imageCount      how many images they own
 * @param lastSignIn      when they last came through the gateway, or {@code null}
 * @param downloads       how many downloads they made
 * @param bytesDownloaded how many bytes those downloads received
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"username", "quota", "usedBytes", "reservedBytes", "imageCount", "lastSignIn", "downloads",
        "bytesDownloaded"})
public record UserHistory(String username, Long quota, long usedBytes, long reservedBytes, long imageCount,
                          @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant lastSignIn,
                          long downloads, long bytesDownloaded) {
}
