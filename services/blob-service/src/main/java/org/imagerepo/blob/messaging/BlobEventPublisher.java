package org.imagerepo.blob.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;

import java.time.Duration;

/**
 * Sends the events that must be in Kafka before blob-service answers (bytes stored, a copy removed), keyed by image
 * id, each to the topic of its kind. Events of work already done go through {@link BlobOutbox}.
 */
@ApplicationScoped
public class BlobEventPublisher {

    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(15);

    @Inject
    @Channel("events-out")
    MutinyEmitter<String> emitter;

    /** Returns once Kafka has the event; throws if it could not be handed over. */
    public void publishAndAwait(RepositoryEvent event) {
        send(event).await().atMost(ACK_TIMEOUT);
    }

    private Uni<Void> send(RepositoryEvent event) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic()).withKey(event.key()).build();
        return emitter.sendMessage(Message.of(EventCodec.encode(event)).addMetadata(metadata));
    }
}
