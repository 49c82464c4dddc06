package org.imagerepo.blob.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Asks catalog-service about an image, as the calling user. A user is waiting for the answer and no
 * local view can give it (visibility and status change at any moment), so this call is synchronous.
 */
@ApplicationScoped
public class CatalogClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ConfigProperty(name = "imagerepo.catalog.url")
    URI catalogUrl;

    @Inject
    ObjectMapper json;

    /**
     * The image as {@code caller} sees it; a 404 from the catalog is passed on as is. The caller's
     * gateway-signed identity goes along, so the catalog applies its own visibility rules (ADR 9).
     */
    public CatalogImage find(String imageId, Caller caller) {
        return get("/api/v1/images/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8), caller);
    }

    /** The image with a copy at {@code location} (its imgURI or another location), as {@code caller} sees it. */
    public CatalogImage findAt(String location, Caller caller) {
        return get("/api/v1/images/by-location?uri=" + URLEncoder.encode(location, StandardCharsets.UTF_8), caller);
    }

    private CatalogImage get(String pathAndQuery, Caller caller) {
        HttpRequest request = HttpRequest.newBuilder(catalogUrl.resolve(pathAndQuery))
                .header(IdentityAssertion.HEADER, caller.assertion())
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10))
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw ProblemException.unavailable("catalog-unavailable",
                    "The catalog service cannot be reached right now; try again shortly.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ProblemException.unavailable("catalog-unavailable", "Interrupted while asking the catalog.");
        }
        try {
            if (response.statusCode() == 200) {
                return json.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(response.body(), CatalogImage.class);
            }
            if (response.statusCode() >= 400 && response.statusCode() < 500) {
                throw new ProblemException(json.readValue(response.body(), Problem.class));
            }
        } catch (IOException e) {
            throw ProblemException.unavailable("catalog-unavailable", "The catalog answered something unreadable.");
        }
        throw ProblemException.unavailable("catalog-unavailable",
                "The catalog service failed (HTTP " + response.statusCode() + "); try again shortly.");
    }
}
