package org.imagerepo.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checkout under test, and the tools (docker-compose, kubectl) that render its deployment files. */
final class Repo {

    static final Path ROOT = findRoot();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Repo() {
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isDirectory(dir.resolve("services"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the imagerepo checkout: no docker-compose.yml above "
                + Path.of("").toAbsolutePath());
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of {@code NAME=value} in a shell script of bin/lib (the versions the local stack runs). */
    static String shellVariable(String script, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "=(\\S+)$").matcher(read(script));
        if (!m.find()) {
            throw new IllegalStateException(script + " sets no " + name);
        }
        return m.group(1);
    }

    /** Runs a command in the checkout; its standard output, or a failure with everything it said. */
    static String run(String... command) {
        try {
            Path err = Files.createTempFile("imagerepo-deploy", ".err");
            Path out = Files.createTempFile("imagerepo-deploy", ".out");
            try {
                Process p = new ProcessBuilder(command).directory(ROOT.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ":\n"
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (bin/test installs docker-compose; the machine"
                    + " image ships kubectl, shared/INFRA.md): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a multi-document YAML stream (kubectl kustomize's output). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(text)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }
}
