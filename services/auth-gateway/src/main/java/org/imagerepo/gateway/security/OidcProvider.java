package org.imagerepo.gateway.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.gateway.routing.GatewayConfig;
import org.imagerepo.support.ProblemException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The identity provider's discovery document ({@code /.well-known/openid-configuration}), read once it is
 * first needed and kept: the gateway starts even while Keycloak is still starting.
 */
@ApplicationScoped
public class OidcProvider {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    private volatile Endpoints endpoints;

    /** Where clients get tokens and where the realm's keys are. */
    public record Endpoints(String issuer, String tokenEndpoint, String deviceAuthorizationEndpoint, String jwksUri) {
    }

    /** @throws ProblemException 503 while the identity provider cannot be reached */
    public Endpoints endpoints() {
        Endpoints known = endpoints;
        if (known != null) {
            return known;
        }
        String issuer = trimmed(config.oidc().issuer().toString());
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw unreachable("answered HTTP " + response.statusCode() + " for " + discovery);
            }
            JsonNode doc = json.readTree(response.body());
            known = new Endpoints(doc.path("issuer").asText(issuer), doc.path("token_endpoint").asText(),
                    doc.path("device_authorization_endpoint").asText(null),
                    config.oidc().jwksUrl().map(URI::toString).orElse(doc.path("jwks_uri").asText()));
            endpoints = known;
            return known;
        } catch (IOException e) {
            throw unreachable("cannot be reached at " + discovery + " (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable("interrupted");
        }
    }

    private static ProblemException unreachable(String why) {
        return ProblemException.unavailable("identity-provider-unavailable",
                "The identity provider " + why + ": tokens cannot be checked right now; try again shortly.");
    }

    private static String trimmed(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
