package org.imagerepo.triggers;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.TestServers;
import org.imagerepo.testsupport.TopicWatcher;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** The real test broker: sends records as the other services (and the rain service) would, and reads topics back. */
public final class Kafka {

    public static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<String> TOPICS = List.of(Topics.USERS, Topics.BLOBS, Topics.RAIN_RESERVATIONS,
            Topics.STAGING, Topics.IMAGE_REQUESTS, Topics.NOTIFICATIONS);
    private static volatile boolean ensured;
    private static KafkaProducer<String, String> producer;

    private Kafka() {
    }

    /** bin/lib/kafka.sh creates the system's topics; until the test broker has them, the test does (idempotent). */
    public static synchronized void ensureTopics() {
        if (ensured) {
            return;
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrap()))) {
            for (String topic : TOPICS) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ensured = true;
    }

    public static synchronized void send(String topic, String key, String value) {
        ensureTopics();
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send to " + topic + ": " + e.getCause(), e);
        }
    }

    public static void send(RepositoryEvent event) {
        send(event.topic(), event.key(), EventCodec.encode(event));
    }

    /** A topic read from its end, for the events the test's actions cause. */
    public static Watch watch(String topic) {
        ensureTopics();
        return new Watch(new TopicWatcher(topic));
    }

    public static final class Watch implements AutoCloseable {

        private final TopicWatcher watcher;
        private final Set<String> taken = new HashSet<>();

        private Watch(TopicWatcher watcher) {
            this.watcher = watcher;
        }

        /** The next event of {@code type} keyed {@code key} matching {@code match}, not returned before. */
        public <T extends RepositoryEvent> T await(Class<T> type, String key, Predicate<T> match) {
            ConsumerRecord<String, String> record = watcher.await(unread(type, key, match), WAIT);
            taken.add(record.partition() + "@" + record.offset());
            return type.cast(EventCodec.decode(record.value()).orElseThrow());
        }

        public <T extends RepositoryEvent> T await(Class<T> type, String key) {
            return await(type, key, e -> true);
        }

        /** Fails if an event of {@code type} keyed {@code key} was read and not returned by {@link #await}. */
        public void assertNoOther(Class<? extends RepositoryEvent> type, String key) {
            ConsumerRecord<String, String> found;
            try {
                found = watcher.await(unread(type, key, e -> true), Duration.ZERO);
            } catch (AssertionError none) {
                return;
            }
            fail("unexpected " + type.getSimpleName() + " keyed " + key + ": " + found.value());
        }

        private <T extends RepositoryEvent> Predicate<ConsumerRecord<String, String>> unread(Class<T> type, String key,
                                                                                           Predicate<T> match) {
            return r -> key.equals(r.key()) && !taken.contains(r.partition() + "@" + r.offset())
                    && EventCodec.decode(r.value()).filter(type::isInstance).map(type::cast).filter(match).isPresent();
        }

        @Override
        public void close() {
            watcher.close();
        }
    }
}
