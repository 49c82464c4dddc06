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

/** Access tokens straight from the realm (bin/test's Keycloak), for tests that call the gateway's REST API. */
final class Tokens {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Tokens() {
    }

    /** {@code user}'s token from the password grant of {@code client} (the demo password). */
    static String password(String client, String user) throws IOException, InterruptedException {
        return token("grant_type=password&client_id=" + client + "&username=" + user + "&password=" + Stack.password(user)
                + "&scope=openid");
    }

    /** A service account's token from the client-credentials grant. */
    static String clientCredentials(String client, String secret) throws IOException, InterruptedException {
        return token("grant_type=client_credentials&client_id=" + client + "&client_secret=" + secret);
    }

    /** The whole answer of the password grant: access and refresh token. */
    static JsonNode passwordGrant(String client, String user) throws IOException, InterruptedException {
        return grant("grant_type=password&client_id=" + client + "&username=" + user + "&password=" + Stack.password(user)
                + "&scope=openid");
    }

    /** A fresh answer for {@code refreshToken}: no password, no LDAP bind (as the CLI refreshes). */
    static JsonNode refreshGrant(String client, String refreshToken) throws IOException, InterruptedException {
        return grant("grant_type=refresh_token&client_id=" + client + "&refresh_token=" + refreshToken);
    }

    private static String token(String form) throws IOException, InterruptedException {
        return grant(form).get("access_token").asText();
    }

    private static JsonNode grant(String form) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.REALM + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "token for " + form.replaceAll("password=[^&]*", "password=…") + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
