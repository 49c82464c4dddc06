package org.imagerepo.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docker-compose.yml, as Debian's docker-compose renders it for each profile (no engine needed), against the
 * services' own configuration: every configuration of bin/stack but fs+h2 has a profile, and in each the five
 * services get what they need to run there.
 */
class ComposeFileTest {

    /** bin/stack's configurations, image store + metadata store, as compose profiles (fs+h2 is local only). */
    static List<String> profiles() {
        Matcher m = Pattern.compile("(?m)^CONFIGS=\\(([^)]*)\\)").matcher(Repo.read("bin/stack"));
        assertTrue(m.find(), "bin/stack lists its CONFIGS");
        return Arrays.stream(m.group(1).trim().split("\\s+")).filter(c -> !c.endsWith("+h2"))
                .map(c -> c.replace('+', '-')).toList();
    }

    private static JsonNode render(String profile) {
        return Repo.yaml(Repo.run("docker-compose", "--env-file", ".env.example", "--profile", profile, "config"));
    }

    /** The services of a rendering that the profile starts: those with no profile, and those of this one. */
    private static Map<String, JsonNode> active(JsonNode rendered, String profile) {
        Map<String, JsonNode> active = new LinkedHashMap<>();
        rendered.get("services").fields().forEachRemaining(e -> {
            JsonNode profiles = e.getValue().path("profiles");
            if (profiles.isMissingNode() || profiles.size() == 0 || contains(profiles, profile)) {
                active.put(e.getKey(), e.getValue());
            }
        });
        return active;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Which imagerepo service a compose service runs: the folder its image is built from. */
    private static String serviceOf(JsonNode service) {
        String context = service.path("build").path("context").asText("");
        return context.contains("/services/") ? context.substring(context.lastIndexOf('/') + 1) : null;
    }

    private static Deployed deployed(String name, JsonNode service, String profile) {
        String imagerepoService = serviceOf(service);
        int port = Integer.parseInt(service.path("build").path("args").path("PORT").asText("0"));
        Map<String, String> env = new LinkedHashMap<>(ServiceImage.env(port));
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        Set<String> files = new HashSet<>();
        for (JsonNode secret : service.path("secrets")) {
            files.add("/run/secrets/" + secret.path("target").asText(secret.path("source").asText()));
        }
        Set<String> volumes = new HashSet<>();
        for (JsonNode volume : service.path("volumes")) {
            String[] parts = volume.asText().split(":");
            if (parts.length >= 2 && !parts[0].startsWith("/") && !parts[0].startsWith(".")) {
                volumes.add(parts[1]); // a named volume: it outlives the container
            }
        }
        return new Deployed(imagerepoService, "docker-compose.yml --profile " + profile + " service " + name, env,
                files, volumes, 1);
    }

    @ParameterizedTest(name = "profile {0}")
    @MethodSource("profiles")
    void everyServiceOfTheProfileGetsTheSettingsItsStoresNeed(String profile) {
        Map<String, JsonNode> active = active(render(profile), profile);
        Map<String, Integer> hosts = new HashMap<>();
        List<Deployed> deployed = new ArrayList<>();
        Map<String, Integer> instances = new HashMap<>();
        active.forEach((name, service) -> {
            String imagerepoService = serviceOf(service);
            if (imagerepoService == null) {
                return;
            }
            Deployed d = deployed(name, service, profile);
            deployed.add(d);
            instances.merge(imagerepoService, 1, Integer::sum);
            int port = Integer.parseInt(d.env().get("QUARKUS_HTTP_PORT"));
            hosts.put(name, port);
            service.path("networks").path("backend").path("aliases").forEach(a -> hosts.put(a.asText(), port));
        });
        assertEquals(ServiceFacts.SERVICES.stream().collect(java.util.stream.Collectors.toMap(s -> s, s -> 1)),
                instances, "profile " + profile + " runs each of the five services once");

        List<String> problems = new ArrayList<>();
        for (Deployed d : deployed) {
            ServiceFacts facts = ServiceFacts.of(d.service());
            problems.addAll(DeploymentChecks.check(d, facts, hosts));
            for (String host : DeploymentChecks.serviceHostsCalled(d)) {
                if (!hosts.containsKey(host)) {
                    problems.add(d.where() + " calls " + host + ", which no service of the profile answers to");
                }
            }
        }
        // The profile's name says its stores: image store first, metadata store second.
        String[] stores = profile.split("-");
        String imageStore = Map.of("mongo", "gridfs").getOrDefault(stores[0], stores[0]);
        String metadataStore = Map.of("mysql", "mariadb", "postgres", "postgresql", "mongo", "mongodb")
                .get(stores[1]);
        for (Deployed d : deployed) {
            ServiceFacts facts = ServiceFacts.of(d.service());
            if (d.service().equals("blob-service")) {
                assertEquals(List.of(imageStore), DeploymentChecks.selected(d, facts), d.where());
            }
            if (d.service().equals("catalog-service")) {
                assertEquals(List.of(metadataStore), DeploymentChecks.selected(d, facts), d.where());
            }
        }
        assertEquals(List.of(), problems, "docker-compose.yml --profile " + profile);
    }

    @Test
    void theTopicsCreatedAreTheContractsAndEveryServicesDeadLetters() {
        JsonNode init = render(profiles().get(0)).path("services").path("kafka-topics");
        String script = init.path("command").get(0).asText();
        Matcher list = Pattern.compile("for topic in ([^;]+);").matcher(script);
        assertTrue(list.find(), "kafka-topics loops over its topics");
        Set<String> created = new TreeSet<>(Arrays.asList(list.group(1).replace("\\", " ").trim().split("\\s+")));
        assertEquals(DeploymentChecks.expectedTopics(), created);
    }

    @Test
    void kafkaAndKeycloakAreTheVersionsTheTestsRunAgainst() {
        Map<String, JsonNode> services = active(render(profiles().get(0)), profiles().get(0));
        String kafka = Repo.shellVariable("bin/lib/kafka.sh", "KAFKA_VERSION");
        String keycloak = Repo.shellVariable("bin/lib/keycloak.sh", "KEYCLOAK_VERSION");
        assertEquals("apache/kafka:" + kafka, services.get("kafka").path("image").asText());
        assertEquals("apache/kafka:" + kafka, services.get("kafka-topics").path("image").asText());
        assertEquals("quay.io/keycloak/keycloak:" + keycloak, services.get("keycloak").path("image").asText());
    }

    @Test
    void keycloakIsGivenEveryPlaceholderOfTheRealm() {
        Set<String> placeholders = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{(IMAGEREPO_\\w+)}").matcher(Repo.read("infra/keycloak/imagerepo-realm.json"));
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertTrue(placeholders.contains("IMAGEREPO_GATEWAY_CLIENT_SECRET"), "the realm's secrets are placeholders");
        JsonNode env = render(profiles().get(0)).path("services").path("keycloak").path("environment");
        Set<String> given = new TreeSet<>();
        env.fieldNames().forEachRemaining(given::add);
        placeholders.removeAll(given);
        assertEquals(Set.of(), placeholders, "placeholders of infra/keycloak/imagerepo-realm.json Keycloak is not given");
    }

    @Test
    void onlyTheGatewayBlobServiceAndKeycloakArePublishedOnTheHost() {
        for (String profile : profiles()) {
            Set<String> published = new TreeSet<>();
            Map<String, JsonNode> services = active(render(profile), profile);
            services.forEach((name, service) -> {
                if (service.has("ports")) {
                    published.add("blob-service".equals(serviceOf(service)) ? "blob-service" : name);
                }
            });
            assertEquals(Set.of("auth-gateway", "blob-service", "keycloak"), published, "profile " + profile);
        }
    }

    @Test
    void theGatewaysTransferLinksPointAtTheHostPortBlobServiceIsPublishedOn() {
        for (String profile : profiles()) {
            Map<String, JsonNode> services = active(render(profile), profile);
            JsonNode blob = services.values().stream().filter(s -> "blob-service".equals(serviceOf(s))).findFirst()
                    .orElseThrow();
            String publishedPort = blob.path("ports").get(0).path("published").asText();
            String publicUrl = services.get("auth-gateway").path("environment").path("IMAGEREPO_GATEWAY_BLOB_PUBLIC_URL").asText();
            assertEquals(publishedPort, String.valueOf(java.net.URI.create(publicUrl).getPort()),
                    "profile " + profile + ": IMAGEREPO_GATEWAY_BLOB_PUBLIC_URL " + publicUrl + " vs blob-service published on "
                            + publishedPort);
            assertEquals("8082", blob.path("ports").get(0).path("target").asText(), "profile " + profile);
        }
    }

    @Test
    void everySecretTheFileNeedsComesFromTheEnvironmentFileWithoutADefault() {
        String compose = Repo.read("docker-compose.yml");
        Matcher m = Pattern.compile("\\$\\{(IMAGEREPO_\\w*(PASSWORD|SECRET|_KEY))(:[^}]*)?}").matcher(compose);
        List<String> problems = new ArrayList<>();
        int count = 0;
        while (m.find()) {
            count++;
            String modifier = m.group(3) == null ? "" : m.group(3);
            if (!modifier.startsWith(":?")) {
                problems.add("${" + m.group(1) + modifier + "} has no :? error: a missing .env would run without it");
            }
        }
        assertTrue(count > 5, "docker-compose.yml takes its passwords from .env");
        assertEquals(List.of(), problems);
        Stream.of(Repo.read(".env.example").split("\n"))
                .filter(l -> l.matches("IMAGEREPO_\\w*(PASSWORD|CLIENT_SECRET)=.*"))
                .forEach(l -> assertTrue(l.endsWith("=change-me"), ".env.example: " + l
                        + " (docker/make-secrets replaces change-me with a random value)"));
    }
}
