package org.imagerepo.blob.storage.swift;

import org.imagerepo.testsupport.TestServers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Looks at the test Swift directly (plain HTTP with tempauth, not through the plugin), so tests check
 * what the plugin left there, and clean up after themselves.
 */
final class SwiftAdmin {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Names of the objects in {@code container} (empty when it does not exist). */
    List<String> names(String container) {
        HttpResponse<String> listing = send(signedIn().request("/" + container + "?format=plain").GET(),
                HttpResponse.BodyHandlers.ofString());
        if (listing.statusCode() == 404 || listing.statusCode() == 204) {
            return List.of();
        }
        assertEquals(200, listing.statusCode(), "listing " + container);
        return listing.body().lines().toList();
    }

    /** Deletes the container and everything in it. */
    void deleteContainer(String container) {
        Session session = signedIn();
        for (String name : names(container)) {
            send(session.request("/" + container + "/" + name).DELETE(), HttpResponse.BodyHandlers.discarding());
        }
        send(session.request("/" + container).DELETE(), HttpResponse.BodyHandlers.discarding());
    }

    /** A fresh token each time: a test may make Swift forget tokens. */
    private Session signedIn() {
        HttpResponse<Void> auth = send(HttpRequest.newBuilder(URI.create(TestServers.swiftAuthUrl()))
                .header("X-Auth-User", TestServers.swiftUser())
                .header("X-Auth-Key", TestServers.swiftKey()).GET(), HttpResponse.BodyHandlers.discarding());
        return new Session(auth.headers().firstValue("X-Auth-Token").orElseThrow(),
                auth.headers().firstValue("X-Storage-Url").orElseThrow());
    }

    private record Session(String token, String storageUrl) {
        HttpRequest.Builder request(String path) {
            return HttpRequest.newBuilder(URI.create(storageUrl + path)).header("X-Auth-Token", token);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
