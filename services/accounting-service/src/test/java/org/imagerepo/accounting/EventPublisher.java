package org.imagerepo.accounting;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.TestServers;

import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Publishes events to the real test broker as the catalog and blob-service do: on their topic, keyed by the image. */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public EventPublisher() {
        TestTopics.ensure(Topics.IMAGES, Topics.BLOBS, Topics.ACCESS);
        producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", TestServers.kafkaBootstrap(),
                "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
    }

    /** Sends and waits for the broker's acknowledgement; answers where the record landed. */
    public RecordMetadata send(RepositoryEvent event) {
        try {
            return producer.send(new ProducerRecord<>(event.topic(), event.key(), EventCodec.encode(event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish " + event + ": " + e.getCause(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
