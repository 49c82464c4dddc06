package org.imagerepo.testsupport;

/**
 * Where the real servers of a test run are. bin/test starts them (Kafka, PostgreSQL) and exports their
 * addresses; tests never start mocks in their place.
 */
public final class TestServers {

    private TestServers() {
    }

    public static String kafkaBootstrap() {
        return env("IMAGEREPO_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:29092");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
