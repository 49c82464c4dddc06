package org.imagerepo.accounting;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.imagerepo.testsupport.TestServers;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/** bin/lib/kafka.sh creates the system's topics; until it has, a test does (idempotent). */
public final class TestTopics {

    private static final Set<String> ENSURED = new HashSet<>();

    private TestTopics() {
    }

    public static synchronized void ensure(String... topics) {
        for (String topic : topics) {
            if (ENSURED.contains(topic)) {
                continue;
            }
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestServers.kafkaBootstrap()))) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ENSURED.add(topic);
        }
    }
}
