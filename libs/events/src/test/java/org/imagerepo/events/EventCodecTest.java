package org.imagerepo.events;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {

    @Test
    void everyEventRoundTripsThroughJson() {
        for (RepositoryEvent event : SampleEvents.oneOfEachType()) {
            assertEquals(event, EventCodec.decode(EventCodec.encode(event)).orElseThrow());
        }
    }

    @Test
    void theWireFormatNamesTheTypeAndOmitsDerivedFields() {
        String json = EventCodec.encode(ImageAccessed.of("bob", "id-9", 1, false));
        assertTrue(json.contains("\"type\":\"ImageAccessed\""), json);
        assertTrue(!json.contains("\"key\"") && !json.contains("\"topic\""), json);
    }

    @Test
    void anUnknownEventTypeIsSkippedNotFatal() {
        String json = "{\"type\":\"ImageTeleported\",\"eventId\":\"0b9f6c1e-0f43-4b8e-9a53-1d3c1b7e3f10\"}";
        assertTrue(EventCodec.decode(json).isEmpty());
    }

    @Test
    void unknownFieldsFromANewerProducerAreIgnored() {
        String json = EventCodec.encode(BlobFailed.of("a", "id-2", "x", 0)).replace("{", "{\"shinyNewField\":1,");
        assertEquals("id-2", ((BlobFailed) EventCodec.decode(json).orElseThrow()).imageId());
    }

    @Test
    void textThatIsNoEventIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode("not json"));
    }

    @Test
    void eachEventTravelsOnTheTopicOfItsKindKeyedByTheImage() {
        assertEquals(Topics.IMAGES, ImageDeleted.of("a", "i", "a", List.of(), 0).topic());
        assertEquals(Topics.BLOBS, BlobStored.of("a", "i", "l", 0, "s", "m").topic());
        assertEquals(Topics.ACCESS, ImageAccessed.of("a", "i", 0, true).topic());
        assertEquals("i", ImageAccessed.of("a", "i", 0, true).key());
    }

    @Test
    void userEventsTravelOnTheUsersTopicKeyedByTheUserName() {
        List<RepositoryEvent> events = List.of(
                UserRegistered.of("dave", "dave", "admin", "activated", 1),
                UserUpdated.of("root", "dave", Map.of("role", "user"), "user", "activated", 1),
                UserRemoved.of("root", "dave"));
        for (RepositoryEvent event : events) {
            assertEquals(Topics.USERS, event.topic(), event.toString());
            assertEquals("dave", event.key(), event.toString());
        }
        String json = EventCodec.encode(events.get(1));
        assertTrue(json.contains("\"type\":\"UserUpdated\"") && json.contains("\"changes\":{\"role\":\"user\"}")
                && json.contains("\"username\":\"dave\""), json);
    }

    @Test
    void aReservationFromAnOutsideProducerIsReadAndChecked() {
        RainReservation reservation = RainReservation.parse("""
                {"reservationId": "r-7", "imageId": "id-1", "target": "s3",
                 "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T12:00:00Z", "site": "india"}""");
        assertEquals("r-7", reservation.reservationId());
        assertEquals(java.time.Instant.parse("2026-12-02T10:00:00Z"), reservation.start());
        assertTrue(!reservation.cancelled());
        assertEquals(reservation, RainReservation.parse(reservation.toJson()));
        IllegalArgumentException invalid = assertThrows(IllegalArgumentException.class, () -> RainReservation.parse("""
                {"reservationId": "r-8", "target": "", "start": "2026-12-02T10:00:00Z", "end": "2026-12-02T09:00:00Z"}"""));
        assertEquals("reservation r-8 is not valid: imageId is missing, target is missing, end must be after start",
                invalid.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RainReservation.parse("not json"));
    }
}
