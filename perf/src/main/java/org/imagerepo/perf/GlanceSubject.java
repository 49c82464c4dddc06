package org.imagerepo.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The peer: OpenStack Glance's image API v2 without Keystone (perf/glance), its file store. An upload is the
 * create-then-PUT-data flow Glance's own client uses; Glance computes MD5 and SHA-512 as it writes (our blob
 * service: MD5 and SHA-256). Downloads are checked against the file's SHA-256 as the baselines' are.
 */
final class GlanceSubject implements Subject {

    private static final String SERVER = "glance-api";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http = Transfers.http();

    GlanceSubject(URI base) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
    }

    @Override
    public String register(String name, String description) throws IOException, InterruptedException {
        String body = JSON.createObjectNode().put("name", name).put("disk_format", "raw")
                .put("container_format", "bare").put("description", description).toString();
        HttpRequest req = HttpRequest.newBuilder(base.resolve("v2/images"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return json(req, 201).path("id").asText();
    }

    @Override
    public void upload(String id, Path src, long size, String sha) throws IOException, InterruptedException {
        HttpRequest put = HttpRequest.newBuilder(image(id, "/file"))
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofFile(src))
                .build();
        HttpResponse<String> resp = Transfers.send(http, SERVER, put, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 204) {
            throw new IOException(SERVER + " answered " + resp.statusCode() + " to PUT " + put.uri() + ": "
                    + Measure.abbreviate(resp.body(), 300));
        }
        // The data PUT returns when the image is active: one look confirms it and its digest.
        JsonNode img = json(HttpRequest.newBuilder(image(id, "")).GET().build(), 200);
        if (!img.path("status").asText().equals("active")) {
            throw new IOException("the Glance image is " + img.path("status").asText() + " after its upload");
        }
        if (img.path("size").asLong(-1) != size) {
            throw new IOException("Glance's size " + img.path("size") + " differs from " + size);
        }
        // Glance's digest is SHA-512 (its default); the bytes it stored are checked by every download's SHA-256.
        if (img.path("os_hash_value").asText().isEmpty() || img.path("checksum").asText().isEmpty()) {
            throw new IOException("Glance recorded no checksum for the upload");
        }
    }

    @Override
    public void download(String id, Path target, long size, String sha) throws IOException, InterruptedException {
        Transfers.getInto(http, SERVER, image(id, "/file"), target, size, sha);
    }

    @Override
    public void remove(String id) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(image(id, "")).DELETE().build();
        HttpResponse<String> resp = Transfers.send(http, SERVER, req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != 204) {
            throw new IOException(SERVER + " answered " + resp.statusCode() + " to DELETE " + req.uri());
        }
    }

    private URI image(String id, String suffix) {
        return base.resolve("v2/images/" + id + suffix);
    }

    private JsonNode json(HttpRequest req, int expected) throws IOException, InterruptedException {
        HttpResponse<String> resp = Transfers.send(http, SERVER, req, HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() != expected) {
            throw new IOException(SERVER + " answered " + resp.statusCode() + " to " + req.method() + " " + req.uri()
                    + ": " + Measure.abbreviate(resp.body(), 300));
        }
        return JSON.readTree(resp.body());
    }
}
