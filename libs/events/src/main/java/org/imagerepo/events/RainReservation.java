package org.imagerepo.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A reservation the rain service made: image {@code imageId} is to run on {@code target} from {@code start}
 * to {@code end}. Produced outside imagerepo, on {@link Topics#RAIN_RESERVATIONS}, keyed by reservation id;
 * the README documents it as a public contract, with an example for Kafka's console producer. Unlike the
 * repository's own events it has no type or event id: a reservation is its own id, and a later record with
 * the same id replaces the earlier one ({@code cancelled: true} withdraws it).
 *
 * @param reservationId the rain service's id of the reservation
 * @param imageId       the image to deploy
 * @param target        the image store (as blob-service names them: {@code fs}, {@code s3}, {@code swift},
 *                      {@code gridfs}) that the target site deploys from
 * @param start         when the reservation starts (ISO-8601 instant); the image is copied before it
 * @param end           when it ends; the staged copy is removed after it
 * @param cancelled     the reservation was withdrawn (absent: false)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RainReservation(String reservationId, String imageId, String target, Instant start, Instant end,
                              boolean cancelled) {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * Reads and checks a reservation.
     *
     * @throws IllegalArgumentException with every problem of the record, in words the producer can act on
     */
    public static RainReservation parse(String json) {
        RainReservation reservation;
        try {
            reservation = MAPPER.readValue(json, RainReservation.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a reservation: " + e.getOriginalMessage(), e);
        }
        if (reservation == null) {
            throw new IllegalArgumentException("not a reservation: the record is empty");
        }
        List<String> problems = new ArrayList<>();
        if (blank(reservation.reservationId)) {
            problems.add("reservationId is missing");
        }
        if (blank(reservation.imageId)) {
            problems.add("imageId is missing");
        }
        if (blank(reservation.target)) {
            problems.add("target is missing");
        }
        if (reservation.start == null) {
            problems.add("start is missing");
        }
        if (reservation.end == null) {
            problems.add("end is missing");
        }
        if (reservation.start != null && reservation.end != null && !reservation.end.isAfter(reservation.start)) {
            problems.add("end must be after start");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("reservation " + (blank(reservation.reservationId) ? "(no id)"
                    : reservation.reservationId) + " is not valid: " + String.join(", ", problems));
        }
        return reservation;
    }

    public String toJson() {
        try {
            return MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + this, e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
