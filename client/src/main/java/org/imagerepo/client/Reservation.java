package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/**
 * A rain reservation as trigger-service saw it, and how far staging it got ({@code GET /api/v1/reservations}).
 *
 * @param reservationId the rain service's id of it
 * @param imageId       the image to deploy
 * @param target        the store the target site deploys from ({@code fs}, {@code s3}, {@code swift}, {@code gridfs})
 * @param start         when it starts
 * @param end           when it ends
 * @param state         {@code scheduled}, {@code staging}, {@code staged}, {@code failed}, {@code released} or
 *                      {@code cancelled}
 * @param location      the staged copy's location, or {@code null}
 * @param detail        why it failed, or other words about the state, or {@code null}
 * @param updatedAt     when the state last changed, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"reservationId", "imageId", "target", "start", "end", "state", "location", "detail",
        "updatedAt"})
public record Reservation(String reservationId, String imageId, String target,
                          @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant start,
                          @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant end,
                          String state, String location, String detail,
                          @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant updatedAt) {
}
