package org.imagerepo.testsupport;

/**
 * Where the real servers of a test run are. bin/test starts them (Kafka, PostgreSQL, MariaDB, a MongoDB
 * wire-protocol server, S3Proxy, Swift) and exports their addresses; tests never start mocks in their place.
 * The fallbacks are bin/test's default ports, for running one test class from an IDE beside a bin/test.
 */
public final class TestServers {

    private TestServers() {
    }

    public static String kafkaBootstrap() {
        return env("IMAGEREPO_TEST_KAFKA_BOOTSTRAP", "127.0.0.1:29092");
    }

    /** A JDBC URL of an empty test database on MariaDB. */
    public static String mariadbUrl() {
        return env("IMAGEREPO_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:23306/imagerepo_test");
    }

    public static String mariadbUser() {
        return env("IMAGEREPO_TEST_MARIADB_USER", "imagerepo");
    }

    public static String mariadbPassword() {
        return env("IMAGEREPO_TEST_MARIADB_PASSWORD", "imagerepo");
    }

    /** A MongoDB connection string (no database in it: each test picks its own). */
    public static String mongoUrl() {
        return env("IMAGEREPO_TEST_MONGO_URL", "mongodb://127.0.0.1:27117");
    }

    /** The S3 endpoint (S3Proxy, path-style, region us-east-1). */
    public static String s3Endpoint() {
        return env("IMAGEREPO_TEST_S3_ENDPOINT", "http://127.0.0.1:28090");
    }

    public static String s3AccessKey() {
        return env("IMAGEREPO_TEST_S3_ACCESS_KEY", "imagerepo-test");
    }

    public static String s3SecretKey() {
        return env("IMAGEREPO_TEST_S3_SECRET_KEY", "imagerepo-test-secret");
    }

    /** Swift's tempauth (v1) URL, e.g. {@code http://127.0.0.1:28080/auth/v1.0}. */
    public static String swiftAuthUrl() {
        return env("IMAGEREPO_TEST_SWIFT_AUTH_URL", "http://127.0.0.1:28080/auth/v1.0");
    }

    /** The tempauth user as {@code account:user}. */
    public static String swiftUser() {
        return env("IMAGEREPO_TEST_SWIFT_USER", "test:tester");
    }

    public static String swiftKey() {
        return env("IMAGEREPO_TEST_SWIFT_KEY", "testing");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
