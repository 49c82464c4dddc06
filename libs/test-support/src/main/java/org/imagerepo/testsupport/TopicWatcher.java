package org.imagerepo.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

/**
 * Reads a topic of the real test broker from its current end, so a test sees exactly the records its
 * own actions produced, and waits (bounded) for one that matches.
 */
public final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public TopicWatcher(String topic) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrap());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the test acts
    }

    /** Waits up to {@code timeout} for a record whose value matches; fails the test otherwise. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (ConsumerRecord<String, String> record : seen) {
                if (match.test(record)) {
                    return record;
                }
            }
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative()) {
                throw new AssertionError("no matching record within " + timeout + "; saw " + seen.size() + ": "
                        + seen.stream().map(ConsumerRecord::value).toList());
            }
            consumer.poll(left.compareTo(Duration.ofMillis(200)) < 0 ? left : Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
