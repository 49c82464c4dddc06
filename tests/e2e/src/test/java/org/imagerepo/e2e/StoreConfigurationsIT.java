package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.imagerepo.e2e.Stack.cli;
import static org.imagerepo.e2e.TestFiles.json;
import static org.imagerepo.e2e.TestFiles.randomFile;
import static org.imagerepo.e2e.TestFiles.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper's image-store + metadata-store configurations, each chosen by configuration alone
 * ({@code bin/stack up --config NAME}, the same build), each passing the walking skeleton's CLI flow. The
 * first configuration of each image store also moves a 2 GiB image up and down through blob-service at
 * {@code -Xmx256m} and prints the throughput, so all stores are measured in one run.
 */
class StoreConfigurationsIT {

    /** One configuration per image store carries the 2 GiB transfer. */
    private static final Set<String> BIG_TRANSFER = Set.of("fs+mysql", "mongo+mongo", "s3+mysql", "swift+mysql");
    private static final long BIG = 2L * 1024 * 1024 * 1024;

    @TempDir
    Path files;

    @AfterEach
    void down() {
        Stack.stack("down").ok();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fs+postgres", "fs+mysql", "mongo+mongo", "s3+mongo", "s3+mysql", "swift+mongo", "swift+mysql"})
    void theCliFlowPassesOn(String config) throws Exception {
        Stack.stack("down");
        Stack.Result up = Stack.stack("up", "--config", config).ok();
        System.out.printf("[e2e] %s: bin/stack up took %d s%n", config, up.took().toSeconds());
        String store = config.substring(0, config.indexOf('+'));
        String scheme = store.equals("mongo") ? "gridfs" : store;

        String name = "flow-" + config.replace('+', '-');
        Path image = randomFile(files, name + ".img", 20L * 1024 * 1024 + 7);
        String id = cli("alice", "put", image.toString(), "--name", name, "--os", "ubuntu-22.04", "--tag", "hadoop")
                .ok().out().trim();

        JsonNode found = json(cli("alice", "query", "imgId,imgURI where name=^" + name + "$, tag=HADOOP", "-o", "json")
                .ok().out());
        assertEquals(1, found.get("count").asInt(), found.toString());
        assertEquals(id, found.get("images").get(0).get("imgId").asText());
        String location = found.get("images").get(0).get("imgURI").asText();
        assertTrue(location.startsWith(scheme + ":"), "stored in " + scheme + ": " + location);

        Path copy = files.resolve(name + ".copy");
        cli("alice", "get", id, "-o", copy.toString()).ok();
        assertEquals(sha256(image), sha256(copy));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertEquals(1, json(cli("alice", "show", id, "-o", "json").ok().out()).get("accessCount").asInt()));
        assertNotEquals(0, cli("bob", "show", id).exit(), "a private image is invisible to others");

        if (BIG_TRANSFER.contains(config)) {
            bigTransfer(config);
        }

        cli("alice", "remove", id).ok();
        Stack.Result gone = cli("alice", "show", id);
        assertNotEquals(0, gone.exit());
        assertTrue(gone.err().contains("No image with id"), gone.err());
        System.out.printf("[e2e] %s: peak resident memory of blob-service %d MiB, catalog-service %d MiB%n",
                config, Stack.peakResidentMiB("blob"), Stack.peakResidentMiB("catalog"));
    }

    private void bigTransfer(String config) throws Exception {
        Path big = randomFile(files, "big.img", BIG);
        String expected = sha256(big);
        Stack.Result put = cli("bob", "put", big.toString(), "--name", "big").ok();
        String id = put.out().trim();
        Path back = files.resolve("big.back");
        Stack.Result get = cli("bob", "get", id, "-o", back.toString()).ok();
        assertEquals(expected, sha256(back));
        System.out.printf("[e2e] %s: 2 GiB at blob-service -Xmx256m: put %.1f s (%.0f MiB/s), get %.1f s (%.0f MiB/s)%n",
                config, seconds(put), 2048 / seconds(put), seconds(get), 2048 / seconds(get));
        Files.delete(big);
        Files.delete(back);
        cli("bob", "remove", id).ok();
    }

    private static double seconds(Stack.Result result) {
        return result.took().toMillis() / 1000.0;
    }
}
