package org.imagerepo.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service says of its own configuration, read from its source tree: the keys it knows
 * (application.properties in every profile, {@code @ConfigProperty} names, {@code @ConfigMapping} members), their
 * defaults, its port, the topics it reads and writes. The deployment files are checked against these.
 */
record ServiceFacts(String name, Map<String, String> defaults, Set<String> knownEnvNames, List<String> mappingEnvPrefixes,
                    Set<String> mappingMembers, List<String> extensionEnvPrefixes, boolean hasHealth) {

    static final List<String> SERVICES = List.of("catalog-service", "blob-service", "accounting-service",
            "trigger-service", "auth-gateway");

    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*([\\w.\"-]+)");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONSTANT = Pattern.compile(
            "static final String (\\w+)\\s*=\\s*(?:(\\w+)\\s*\\+\\s*)?\"([^\"]+)\"");
    private static final Pattern MEMBER = Pattern.compile("(?m)^\\s+[\\w<>, ?]+\\s+(\\w+)\\(\\);");
    private static final Map<String, String> EXTENSION_PREFIXES = Map.of(
            "quarkus-amazon-s3", "QUARKUS_S3_",
            "quarkus-mongodb-client", "QUARKUS_MONGODB_",
            "quarkus-mongodb-panache", "QUARKUS_MONGODB_");

    static ServiceFacts of(String service) {
        Path dir = Repo.ROOT.resolve("services").resolve(service);
        Map<String, String> defaults = new LinkedHashMap<>();
        Set<String> env = new TreeSet<>();
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(dir.resolve("src/main/resources/application.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            String plain = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
            env.add(envName(plain));
            if (!key.startsWith("%")) {
                defaults.put(key, properties.getProperty(key));
            }
        }
        List<String> mappingPrefixes = new ArrayList<>();
        Set<String> members = new TreeSet<>();
        List<Path> sources = javaSources(dir.resolve("src/main/java"));
        Map<String, String> constants = new LinkedHashMap<>();
        for (Path source : sources) {
            String className = source.getFileName().toString().replace(".java", "");
            Matcher constant = CONSTANT.matcher(read(source));
            while (constant.find()) {
                String prefix = constant.group(2) == null ? "" : constants.getOrDefault(className + "."
                        + constant.group(2), "");
                String value = prefix + constant.group(3);
                constants.put(className + "." + constant.group(1), value);
                // A constant naming a setting is read by name (Config.getValue): a setting too.
                if (value.matches("(imagerepo|quarkus|kafka|mp)\\.[a-z0-9.-]*[a-z0-9]")) {
                    env.add(envName(value));
                }
            }
        }
        for (Path source : sources) {
            String text = read(source);
            String className = source.getFileName().toString().replace(".java", "");
            Matcher property = CONFIG_PROPERTY.matcher(text);
            while (property.find()) {
                env.add(envName(resolve(property.group(1), className, constants)));
            }
            Matcher mapping = CONFIG_MAPPING.matcher(text);
            if (mapping.find()) {
                mappingPrefixes.add(envName(mapping.group(1)) + "_");
                Matcher member = MEMBER.matcher(text);
                while (member.find()) {
                    members.add(envName(kebab(member.group(1))));
                }
            }
        }
        String pom = read(dir.resolve("pom.xml"));
        List<String> extensions = EXTENSION_PREFIXES.entrySet().stream()
                .filter(e -> pom.contains("<artifactId>" + e.getKey() + "</artifactId>"))
                .map(Map.Entry::getValue).distinct().toList();
        return new ServiceFacts(service, defaults, env, mappingPrefixes, members, extensions,
                pom.contains("<artifactId>quarkus-smallrye-health</artifactId>"));
    }

    static List<ServiceFacts> all() {
        return SERVICES.stream().map(ServiceFacts::of).toList();
    }

    /** The port the service listens on: its quarkus.http.port. */
    int port() {
        return Integer.parseInt(defaults.get("quarkus.http.port"));
    }

    /**
     * Whether an environment variable sets one of this service's settings, by MicroProfile Config's mapping
     * (every character neither letter nor digit becomes {@code _}, all upper case): a key of its properties,
     * a {@code @ConfigProperty}, a member (or member of a member) of its {@code @ConfigMapping}, or a setting
     * of a Quarkus extension it has.
     */
    boolean knows(String variable) {
        if (knownEnvNames.contains(variable) || extensionEnvPrefixes.stream().anyMatch(variable::startsWith)) {
            return true;
        }
        for (String prefix : mappingEnvPrefixes) {
            if (variable.startsWith(prefix)) {
                String rest = variable.substring(prefix.length());
                if (mappingMembers.contains(rest) || mappingMembers.stream().anyMatch(m -> rest.startsWith(m + "_")
                        && mappingMembers.contains(rest.substring(m.length() + 1)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The service's default for a key, if its application.properties has one (outside the test profile). */
    Optional<String> defaultOf(String key) {
        return Optional.ofNullable(defaults.get(key));
    }

    /** The topics of its Kafka channels, dead letters included. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        defaults.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.") && key.endsWith(".topic")) {
                topics.add(value);
            }
        });
        return topics;
    }

    /** The topics it consumes: those of its incoming channels, which its replicas share as one consumer group. */
    Set<String> consumedTopics() {
        Set<String> topics = new TreeSet<>();
        defaults.forEach((key, value) -> {
            if (key.matches("mp\\.messaging\\.incoming\\.[^.]+\\.topic")) {
                topics.add(value);
            }
        });
        return topics;
    }

    boolean usesKafka() {
        return !topics().isEmpty();
    }

    static String envName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String member) {
        return member.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A @ConfigProperty's name: a string literal, or a constant (of its own class, or Class.NAME). */
    private static String resolve(String reference, String className, Map<String, String> constants) {
        if (reference.startsWith("\"")) {
            return reference.substring(1, reference.length() - 1);
        }
        String value = constants.get(reference.contains(".") ? reference : className + "." + reference);
        if (value == null) {
            throw new IllegalStateException("cannot resolve @ConfigProperty(name = " + reference + ") in " + className);
        }
        return value;
    }

    private static List<Path> javaSources(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
