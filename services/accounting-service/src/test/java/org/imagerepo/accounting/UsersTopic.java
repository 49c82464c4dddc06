package org.imagerepo.accounting;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.RepositoryEvent;
import org.imagerepo.events.Topics;
import org.imagerepo.testsupport.TopicWatcher;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Reads imagerepo.users back from the real test broker. */
public final class UsersTopic implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final TopicWatcher watcher;
    private final Set<String> taken = new HashSet<>();

    private UsersTopic() {
        watcher = new TopicWatcher(Topics.USERS);
    }

    /** Watches the topic from its current end. */
    public static UsersTopic watch() {
        ensureTopic();
        return new UsersTopic();
    }

    /**
     * The next event of {@code type} about {@code username} not returned before, keyed by the user name; fails
     * the test if none comes. One user's events share a partition, so they come in the order they happened.
     */
    public <T extends RepositoryEvent> T await(Class<T> type, String username) {
        ConsumerRecord<String, String> record = watcher.await(unread(type, username), WAIT);
        taken.add(record.partition() + "@" + record.offset());
        assertEquals(username, record.key(), "the Kafka key is the user name");
        return type.cast(EventCodec.decode(record.value()).orElseThrow());
    }

    /** The next event of {@code type} about {@code username} not returned before that {@code matches}; fails if none comes. */
    public <T extends RepositoryEvent> T await(Class<T> type, String username, Predicate<T> matches) {
        ConsumerRecord<String, String> record = watcher.await(unread(type, username).and(r -> matches.test(
                type.cast(EventCodec.decode(r.value()).orElseThrow()))), WAIT);
        taken.add(record.partition() + "@" + record.offset());
        return type.cast(EventCodec.decode(record.value()).orElseThrow());
    }

    /**
     * Fails if any event of {@code type} about {@code username} has been read and not returned by
     * {@link #await}. Call it after awaiting a later event about the same user: an unwanted earlier one
     * would have been read by then.
     */
    public void assertNoOther(Class<? extends RepositoryEvent> type, String username) {
        ConsumerRecord<String, String> found;
        try {
            found = watcher.await(unread(type, username), Duration.ZERO); // looks only at what was read
        } catch (AssertionError none) {
            return;
        }
        fail("unexpected " + type.getSimpleName() + " for " + username + ": " + found.value());
    }

    private Predicate<ConsumerRecord<String, String>> unread(Class<? extends RepositoryEvent> type, String username) {
        return r -> username.equals(r.key()) && !taken.contains(r.partition() + "@" + r.offset())
                && EventCodec.decode(r.value()).filter(type::isInstance).isPresent();
    }

    @Override
    public void close() {
        watcher.close();
    }

    private static void ensureTopic() {
        TestTopics.ensure(Topics.USERS);
    }
}
