package org.imagerepo.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Raw HTTP to the e2e stack's gateway and to the links it answers with (ADR 16), for tests of the data path
 * itself. Redirects are never followed here: the tests look at them.
 */
final class Transfers {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Transfers() {
    }

    /** A request to {@code target} (a gateway path, or a link), with the token only when it goes to the gateway. */
    static HttpRequest.Builder request(String target, String token) {
        URI uri = URI.create(target.startsWith("/") ? Stack.GATEWAY + target : target);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        return uri.toString().startsWith(Stack.GATEWAY) && token != null
                ? builder.header("Authorization", "Bearer " + token) : builder;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A new pending image of the token's user, by REST; its id. */
    static String register(String token, String name) throws IOException, InterruptedException {
        HttpResponse<String> registered = send(request("/api/v1/images", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}")));
        assertEquals(201, registered.statusCode(), registered.body());
        return JSON.readTree(registered.body()).get("imgId").asText();
    }

    /** {@code POST …/uploads}: the answer, whatever its status. */
    static HttpResponse<String> createUpload(String token, String id, long size) throws IOException, InterruptedException {
        return send(request("/api/v1/images/" + id + "/uploads", token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"size\":" + size + "}")));
    }

    /** The upload link of a new upload of {@code size} bytes. */
    static String uploadLink(String token, String id, long size) throws IOException, InterruptedException {
        HttpResponse<String> created = createUpload(token, id, size);
        assertEquals(201, created.statusCode(), created.body());
        return json(created).get("uploadUrl").asText();
    }

    static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** A link as the gateway wrote it, absolute (direct mode: blob-service; proxy mode: a gateway path). */
    static String absolute(String link) {
        return link.startsWith("/") ? Stack.GATEWAY + link : link;
    }
}
