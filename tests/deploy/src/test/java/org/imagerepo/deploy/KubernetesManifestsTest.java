package org.imagerepo.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each overlay of k8s/, as kubectl's built-in kustomize renders it (no cluster needed), against the services'
 * own configuration: the same rules as docker-compose.yml, and those of a cluster: probes, Services, secrets
 * only by reference, topics and partitions, the network policies between the callers and the called.
 */
class KubernetesManifestsTest {

    /** One rendered overlay, its objects by kind and name. */
    record Rendering(String overlay, Map<String, Map<String, JsonNode>> byKind) {

        Map<String, JsonNode> all(String kind) {
            return byKind.getOrDefault(kind, Map.of());
        }

        static Rendering of(String overlay) {
            Map<String, Map<String, JsonNode>> byKind = new HashMap<>();
            for (JsonNode object : Repo.yamlDocuments(Repo.run("kubectl", "kustomize", "k8s/overlays/" + overlay))) {
                byKind.computeIfAbsent(object.path("kind").asText(), k -> new LinkedHashMap<>())
                        .put(object.path("metadata").path("name").asText(), object);
            }
            return new Rendering(overlay, byKind);
        }

        /** The Deployment of each imagerepo service, by service (its image's name). */
        Map<String, JsonNode> deployments() {
            Map<String, JsonNode> deployments = new LinkedHashMap<>();
            all("Deployment").values().forEach(d -> {
                String image = container(d).path("image").asText();
                String service = image.substring(image.indexOf('/') + 1, image.contains(":") ? image.indexOf(':')
                        : image.length());
                deployments.put(service, d);
            });
            return deployments;
        }

        Deployed deployed(String service, JsonNode deployment) {
            JsonNode container = container(deployment);
            int port = httpPort(container);
            Map<String, String> env = new LinkedHashMap<>(ServiceImage.env(port));
            for (JsonNode from : container.path("envFrom")) {
                JsonNode map = all("ConfigMap").get(from.path("configMapRef").path("name").asText());
                assertTrue(map != null, overlay + ": " + service + " takes its environment from ConfigMap "
                        + from.path("configMapRef").path("name").asText() + ", which is not in the overlay");
                map.path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            }
            for (JsonNode variable : container.path("env")) {
                env.put(variable.path("name").asText(), variable.has("value") ? variable.path("value").asText()
                        : variable.path("valueFrom").has("secretKeyRef") ? Deployed.FROM_SECRET
                        : "<" + variable.path("valueFrom") + ">");
            }
            Map<String, JsonNode> volumes = new HashMap<>();
            deployment.path("spec").path("template").path("spec").path("volumes")
                    .forEach(v -> volumes.put(v.path("name").asText(), v));
            Set<String> files = new HashSet<>();
            Set<String> lasting = new HashSet<>();
            for (JsonNode mount : container.path("volumeMounts")) {
                JsonNode volume = volumes.get(mount.path("name").asText());
                String path = mount.path("mountPath").asText();
                if (volume.has("secret")) {
                    volume.path("secret").path("items").forEach(i -> files.add(path + "/" + i.path("path").asText()));
                }
                if (volume.has("persistentVolumeClaim")) {
                    lasting.add(path);
                }
            }
            return new Deployed(service, "k8s/overlays/" + overlay + " Deployment "
                    + deployment.path("metadata").path("name").asText(), env, files, lasting, replicas(deployment));
        }
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static int httpPort(JsonNode container) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals("http")) {
                return port.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static int replicas(JsonNode deployment) {
        return deployment.path("spec").path("replicas").asInt(1);
    }

    private static Map<String, String> podLabels(JsonNode deployment) {
        Map<String, String> labels = new HashMap<>();
        deployment.path("spec").path("template").path("metadata").path("labels").fields()
                .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Whether a label selector (matchLabels and In expressions) selects pods with these labels. */
    private static boolean selects(JsonNode selector, Map<String, String> labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var e = matchLabels.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            boolean in = false;
            for (JsonNode value : expression.path("values")) {
                in |= value.asText().equals(labels.get(expression.path("key").asText()));
            }
            if (!expression.path("operator").asText().equals("In") || !in) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Integer> servicePorts(Rendering r) {
        Map<String, Integer> ports = new HashMap<>();
        r.all("Service").forEach((name, s) -> ports.put(name, s.path("spec").path("ports").get(0).path("port").asInt()));
        return ports;
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void everyServiceGetsTheSettingsItsStoresNeed(String overlay) {
        Rendering r = Rendering.of(overlay);
        Map<String, JsonNode> deployments = r.deployments();
        assertEquals(new TreeSet<>(ServiceFacts.SERVICES), new TreeSet<>(deployments.keySet()), overlay);
        Map<String, Integer> hosts = servicePorts(r);
        List<String> problems = new ArrayList<>();
        deployments.forEach((service, deployment) -> {
            Deployed d = r.deployed(service, deployment);
            problems.addAll(DeploymentChecks.check(d, ServiceFacts.of(service), hosts));
            DeploymentChecks.serviceHostsCalled(d).stream().filter(h -> !hosts.containsKey(h))
                    .forEach(h -> problems.add(d.where() + " calls " + h + ", which is no Service of the overlay"));
        });
        assertEquals(List.of(), problems, "k8s/overlays/" + overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void eachServiceIsProbedAndServedOnItsOwnPort(String overlay) {
        Rendering r = Rendering.of(overlay);
        r.deployments().forEach((service, deployment) -> {
            ServiceFacts facts = ServiceFacts.of(service);
            JsonNode container = container(deployment);
            assertEquals(facts.port(), httpPort(container), overlay + " " + service + ": the port named http");
            assertTrue(facts.hasHealth(), service + " has SmallRye Health, which the probes ask");
            Map<String, String> probes = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                    "livenessProbe", "/q/health/live");
            probes.forEach((probe, path) -> {
                assertEquals(path, container.path(probe).path("httpGet").path("path").asText(), overlay + " " + service
                        + " " + probe);
                assertEquals("http", container.path(probe).path("httpGet").path("port").asText(), overlay + " "
                        + service + " " + probe);
            });
            JsonNode svc = r.all("Service").get(service);
            assertTrue(svc != null, overlay + ": a Service " + service);
            assertTrue(selects(svc.path("spec").path("selector").isEmpty() ? svc.path("none")
                    : toSelector(svc.path("spec").path("selector")), podLabels(deployment)),
                    overlay + ": Service " + service + " selects its pods");
            assertEquals(facts.port(), svc.path("spec").path("ports").get(0).path("port").asInt(), overlay + " Service "
                    + service);
            assertEquals("http", svc.path("spec").path("ports").get(0).path("targetPort").asText());
        });
    }

    private static JsonNode toSelector(JsonNode matchLabels) {
        return Repo.yaml("matchLabels: " + matchLabels);
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void passwordsAndKeysComeOnlyFromSecretsTheOverlayDoesNotHold(String overlay) {
        Rendering r = Rendering.of(overlay);
        assertEquals(Map.of(), r.all("Secret"), overlay + " holds no Secret: they are made at the site (k8s/README.md)");
        List<String> literal = new ArrayList<>();
        r.deployments().forEach((service, deployment) -> r.deployed(service, deployment).env().forEach((k, v) -> {
            if (k.matches(".*(PASSWORD|SECRET|_KEY|KEY_ID)") && !v.equals(Deployed.FROM_SECRET)) {
                literal.add(service + " " + k);
            }
        }));
        assertEquals(List.of(), literal, overlay + ": settings given literally that must come from a Secret");
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void kafkaHasTheTopicsAndPartitionsForEveryReplicaOfItsConsumers(String overlay) {
        Rendering r = Rendering.of(overlay);
        assertEquals(DeploymentChecks.expectedTopics(), new TreeSet<>(r.all("KafkaTopic").keySet()), overlay);
        JsonNode kafka = r.all("Kafka").get("imagerepo");
        assertEquals(Repo.shellVariable("bin/lib/kafka.sh", "KAFKA_VERSION"),
                kafka.path("spec").path("kafka").path("version").asText(), "the Kafka the tests run against");
        assertEquals("false", kafka.path("spec").path("kafka").path("config").path("auto.create.topics.enable").asText());
        List<String> problems = new ArrayList<>();
        r.deployments().forEach((service, deployment) -> {
            Deployed d = r.deployed(service, deployment);
            ServiceFacts facts = ServiceFacts.of(service);
            if (facts.usesKafka() && !d.env().get("KAFKA_BOOTSTRAP_SERVERS").equals("imagerepo-kafka-bootstrap:9092")) {
                problems.add(service + " reaches Kafka at " + d.env().get("KAFKA_BOOTSTRAP_SERVERS"));
            }
            for (String topic : facts.consumedTopics()) {
                int partitions = r.all("KafkaTopic").get(topic).path("spec").path("partitions").asInt();
                if (partitions < d.replicas()) {
                    problems.add(d.replicas() + " replicas of " + service + " share " + topic + "'s " + partitions
                            + " partitions: " + (d.replicas() - partitions) + " would idle");
                }
            }
        });
        int brokers = r.all("KafkaNodePool").values().stream().mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        r.all("KafkaTopic").forEach((name, topic) -> {
            if (topic.path("spec").path("replicas").asInt() > brokers) {
                problems.add(name + " wants more replicas than the " + brokers + " Kafka node(s)");
            }
        });
        assertEquals(List.of(), problems, overlay);
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void theNetworkPoliciesLetEachServiceReachWhatItCallsAndNothingElseIn(String overlay) {
        Rendering r = Rendering.of(overlay);
        Map<String, JsonNode> deployments = r.deployments();
        Set<String> allowedEdges = new TreeSet<>();
        Set<String> neededEdges = new TreeSet<>();
        deployments.forEach((caller, deployment) -> DeploymentChecks.serviceHostsCalled(r.deployed(caller, deployment))
                .forEach(callee -> neededEdges.add(caller + " -> " + callee)));
        deployments.forEach((callee, calleeDeployment) -> {
            boolean isolated = false;
            for (JsonNode policy : r.all("NetworkPolicy").values()) {
                if (!selects(policy.path("spec").path("podSelector"), podLabels(calleeDeployment))) {
                    continue;
                }
                isolated = true;
                for (JsonNode rule : policy.path("spec").path("ingress")) {
                    for (String caller : deployments.keySet()) {
                        boolean fromAnyone = !rule.has("from");
                        boolean fromCaller = false;
                        for (JsonNode peer : rule.path("from")) {
                            fromCaller |= peer.has("podSelector")
                                    && selects(peer.path("podSelector"), podLabels(deployments.get(caller)));
                        }
                        if (fromAnyone || fromCaller) {
                            allowedEdges.add(caller + " -> " + callee);
                        }
                    }
                }
            }
            assertTrue(isolated, overlay + ": a NetworkPolicy isolates " + callee);
        });
        Set<String> missing = new TreeSet<>(neededEdges);
        missing.removeAll(allowedEdges);
        assertEquals(Set.of(), missing, overlay + ": calls the network policies refuse");
        // Only the gateway and blob-service (the gateway's transfer links, ADR 16) take calls from anyone; the
        // services behind them only from their callers.
        Set<String> extra = new TreeSet<>(allowedEdges);
        extra.removeAll(neededEdges);
        extra.removeIf(edge -> edge.endsWith("-> auth-gateway") || edge.endsWith("-> blob-service"));
        assertEquals(Set.of(), extra, overlay + ": calls allowed that no service makes");
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void transferLinksPointWhereClientsReachBlobService(String overlay) {
        Rendering r = Rendering.of(overlay);
        Map<String, String> gateway = r.deployed("auth-gateway", r.deployments().get("auth-gateway")).env();
        if ("proxy".equals(gateway.get("IMAGEREPO_GATEWAY_DATA_PATH"))) {
            return; // bytes through the gateway: blob-service need not be reachable (ADR 16)
        }
        String publicUrl = gateway.get("IMAGEREPO_GATEWAY_BLOB_PUBLIC_URL");
        assertTrue(publicUrl != null, overlay + ": the gateway links to blob-service directly (ADR 16) but is not "
                + "told where clients reach it (IMAGEREPO_GATEWAY_BLOB_PUBLIC_URL), or set IMAGEREPO_GATEWAY_DATA_PATH=proxy");
        java.net.URI url = java.net.URI.create(publicUrl);
        boolean routed = false;
        for (JsonNode ingress : r.all("Ingress").values()) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                if (!url.getHost().equals(rule.path("host").asText())) {
                    continue;
                }
                for (JsonNode path : rule.path("http").path("paths")) {
                    routed |= "/transfers".equals(path.path("path").asText())
                            && "blob-service".equals(path.path("backend").path("service").path("name").asText());
                }
            }
        }
        assertTrue(routed, overlay + ": no Ingress sends " + url.getHost() + "/transfers to blob-service, where "
                + "IMAGEREPO_GATEWAY_BLOB_PUBLIC_URL " + publicUrl + " sends clients");
    }

    @ParameterizedTest(name = "overlay {0}")
    @ValueSource(strings = {"small", "production"})
    void replicasAreWhatTheServicesCanShare(String overlay) {
        Rendering r = Rendering.of(overlay);
        Map<String, JsonNode> deployments = r.deployments();
        deployments.forEach((service, deployment) -> {
            if (replicas(deployment) > 1) {
                assertTrue(r.all("PodDisruptionBudget").values().stream()
                        .anyMatch(b -> selects(b.path("spec").path("selector"), podLabels(deployment))),
                        overlay + ": " + service + " runs " + replicas(deployment) + " replicas and no disruption"
                                + " budget keeps some of them through a drain");
            }
        });
    }
}
