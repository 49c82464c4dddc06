package org.imagerepo.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.util.Optional;

/** JSON form of the events on the wire. Both producers and consumers use this one codec. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A newer producer may add fields or event types: an older consumer skips what it does not know.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE)
            .build();

    private EventCodec() {
    }

    public static String encode(RepositoryEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event, e);
        }
    }

    /**
     * @return the event, or empty for an event type this version does not know
     * @throws IllegalArgumentException when the text is not an event at all
     */
    public static Optional<RepositoryEvent> decode(String json) {
        try {
            return Optional.ofNullable(MAPPER.readValue(json, RepositoryEvent.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a repository event: " + e.getOriginalMessage(), e);
        }
    }
}
