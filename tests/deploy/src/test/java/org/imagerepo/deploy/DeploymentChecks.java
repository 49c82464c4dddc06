package org.imagerepo.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules every deployment file must keep, stated once for docker-compose.yml and k8s/: each returns what it
 * found wrong, so a failing test lists every problem at once.
 */
final class DeploymentChecks {

    /** Settings of the image itself (docker/service.Dockerfile) for run-java.sh and the JVM, not for Quarkus. */
    static final Set<String> IMAGE_RUNTIME = Set.of("LANGUAGE", "JAVA_APP_JAR", "JAVA_OPTS_APPEND");

    /** Each service's store switch: the setting that says which database or image store it uses. */
    private static final Map<String, String> SELECTOR = Map.of(
            "catalog-service", "imagerepo.catalog.metadata-store",
            "accounting-service", "imagerepo.accounting.database",
            "trigger-service", "imagerepo.triggers.database",
            "blob-service", "imagerepo.blob.stores");

    private static final Pattern URL = Pattern.compile("https?://[^\\s,]+");

    private DeploymentChecks() {
    }

    /**
     * @param services where the other services are reached: host name to port (a Service, or a compose service or
     *                 network alias), for the URLs of this one's settings
     */
    static List<String> check(Deployed d, ServiceFacts facts, Map<String, Integer> services) {
        List<String> problems = new ArrayList<>();
        String at = d.where() + ": ";
        Map<String, String> env = d.env();
        env.keySet().stream().filter(k -> !IMAGE_RUNTIME.contains(k) && !facts.knows(k)).forEach(k -> problems.add(at
                + k + " sets nothing: no setting of " + facts.name() + " has that environment name"));
        if (!String.valueOf(facts.port()).equals(env.get("QUARKUS_HTTP_PORT"))) {
            problems.add(at + "QUARKUS_HTTP_PORT is " + env.get("QUARKUS_HTTP_PORT") + ", but " + facts.name()
                    + "'s quarkus.http.port is " + facts.port());
        }
        if (!"0.0.0.0".equals(env.get("QUARKUS_HTTP_HOST"))) {
            problems.add(at + "QUARKUS_HTTP_HOST must be 0.0.0.0 (the service binds loopback by default)");
        }
        List<String> selected = selected(d, facts);
        if (selected.contains("h2")) {
            problems.add(at + SELECTOR.get(facts.name()) + " is h2: a file database inside the container");
        }
        facts.defaults().forEach((key, value) -> {
            if ((value.contains("127.0.0.1") || value.contains("localhost")) && !key.equals("quarkus.http.host")
                    && inUse(key, selected)) {
                String set = env.get(ServiceFacts.envName(key));
                if (set == null || set.contains("127.0.0.1") || set.contains("localhost")) {
                    problems.add(at + key + " stays at its loopback default " + value + ": set "
                            + ServiceFacts.envName(key));
                }
            }
        });
        for (String store : selected) {
            for (String required : required(store)) {
                if (!env.containsKey(required) && facts.defaultOf(propertyOf(required, facts)).isEmpty()) {
                    problems.add(at + "the " + store + " store is selected but " + required + " is not set");
                }
            }
        }
        if (selected.contains("fs")) {
            String root = env.getOrDefault("IMAGEREPO_BLOB_FS_ROOT", "");
            if (d.volumes().stream().noneMatch(v -> root.equals(v) || root.startsWith(v + "/"))) {
                problems.add(at + "the fs store keeps the images in " + root + ", which is on no volume: they would"
                        + " be lost with the container");
            }
            if (d.replicas() != 1) {
                problems.add(at + d.replicas() + " replicas of a blob-service with the fs store: each would see its"
                        + " own images only");
            }
        }
        // An embedded H2 file is one instance's alone: replicas need the database to be a server.
        for (String database : List.of("IMAGEREPO_CATALOG_METADATA_STORE", "IMAGEREPO_ACCOUNTING_DATABASE",
                "IMAGEREPO_TRIGGERS_DATABASE")) {
            String property = propertyOf(database, facts);
            String kind = env.getOrDefault(database, facts.defaultOf(property).orElse(""));
            if (!property.isEmpty() && d.replicas() > 1 && kind.equals("h2")) {
                problems.add(at + d.replicas() + " replicas with " + database + "=h2: each would keep a database of"
                        + " its own");
            }
        }
        env.forEach((key, value) -> {
            Matcher url = URL.matcher(value);
            while (url.find()) {
                URI uri = URI.create(url.group());
                Integer port = services.get(uri.getHost());
                if (port != null && port != (uri.getPort() == -1 ? 80 : uri.getPort())) {
                    problems.add(at + key + " calls " + uri.getHost() + " on port " + uri.getPort() + "; it listens"
                            + " on " + port);
                }
            }
            if (key.endsWith("_KEY_FILE") && !d.files().contains(value)) {
                problems.add(at + key + " names " + value + ", which is not mounted");
            }
        });
        String identity = facts.name().equals("auth-gateway") ? "IMAGEREPO_IDENTITY_PRIVATE_KEY_FILE"
                : "IMAGEREPO_IDENTITY_PUBLIC_KEY_FILE";
        if (!env.containsKey(identity)) {
            problems.add(at + identity + " is not set: " + (facts.name().equals("auth-gateway")
                    ? "the gateway cannot sign" : "the service cannot check") + " the identity assertion");
        }
        return problems;
    }

    /** The hosts in a service's settings that must be reachable: those of the other imagerepo services. */
    static List<String> serviceHostsCalled(Deployed d) {
        List<String> hosts = new ArrayList<>();
        d.env().values().forEach(value -> {
            Matcher url = URL.matcher(value);
            while (url.find()) {
                String host = URI.create(url.group()).getHost();
                if (ServiceFacts.SERVICES.contains(host)) {
                    hosts.add(host);
                }
            }
        });
        return hosts;
    }

    /** The stores the deployment selects for the service (its switch's value, or its default). */
    static List<String> selected(Deployed d, ServiceFacts facts) {
        String selector = SELECTOR.get(facts.name());
        if (selector == null) {
            return List.of();
        }
        String value = Optional.ofNullable(d.env().get(ServiceFacts.envName(selector)))
                .or(() -> facts.defaultOf(selector)).orElse("");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** Whether a setting matters with these stores selected: another store's connection settings do not. */
    private static boolean inUse(String key, List<String> selected) {
        Matcher datasource = Pattern.compile("quarkus\\.datasource\\.(\\w+)\\..*").matcher(key);
        if (datasource.matches()) {
            return selected.contains(datasource.group(1));
        }
        if (key.startsWith("quarkus.mongodb.")) {
            return selected.contains("mongodb");
        }
        Matcher store = Pattern.compile("imagerepo\\.blob\\.(fs|s3|swift|gridfs)\\..*").matcher(key);
        return !store.matches() || selected.contains(store.group(1));
    }

    /** What a store needs set beyond the services' defaults. */
    private static List<String> required(String store) {
        return switch (store) {
            case "postgresql", "mariadb" -> {
                String prefix = "QUARKUS_DATASOURCE_" + store.toUpperCase() + "_";
                yield List.of(prefix + "JDBC_URL", prefix + "USERNAME", prefix + "PASSWORD");
            }
            case "mongodb" -> List.of("QUARKUS_MONGODB_CONNECTION_STRING");
            case "s3" -> List.of("IMAGEREPO_BLOB_S3_BUCKET", "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID",
                    "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY");
            case "swift" -> List.of("IMAGEREPO_BLOB_SWIFT_AUTH_URL", "IMAGEREPO_BLOB_SWIFT_USER",
                    "IMAGEREPO_BLOB_SWIFT_KEY");
            case "gridfs" -> List.of("IMAGEREPO_BLOB_GRIDFS_CONNECTION_STRING");
            default -> List.of();
        };
    }

    /** The property key of the service whose environment name is {@code variable}, if it has a default. */
    private static String propertyOf(String variable, ServiceFacts facts) {
        return facts.defaults().keySet().stream().filter(k -> ServiceFacts.envName(k).equals(variable)).findFirst()
                .orElse("");
    }

    /** The topics deployments must create: libs/events' Topics and every service's channels. */
    static Set<String> expectedTopics() {
        Set<String> topics = new java.util.TreeSet<>(org.imagerepo.events.Topics.ALL);
        ServiceFacts.all().forEach(f -> topics.addAll(f.topics()));
        return topics;
    }
}
