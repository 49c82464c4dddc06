package org.imagerepo.accounting.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.accounting.config.AccountingConfig;
import org.imagerepo.support.errors.DependencyFailedException;
import org.imagerepo.support.errors.UnavailableException;
import org.imagerepo.support.identity.IdentityAssertion;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The catalog's truth about owners ({@code GET /internal/v1/owners}: per owner the images they have in any
 * status and the bytes of the available and locked ones), read as a stream for the caller, whose identity
 * is forwarded. The catalog owns images; accounting only compares with it.
 */
@ApplicationScoped
public class CatalogOwners {

    /** One owner's images and bytes by the catalog. */
    public record Owner(long images, long bytes) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    @Inject
    AccountingConfig config;

    @Inject
    ObjectMapper json;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /** Owner name to totals; unavailable when the catalog cannot be asked, failed when its answer is not the contract's. */
    public Map<String, Owner> owners(String identity) {
        URI uri = config.catalogUrl().resolve("/internal/v1/owners");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(ANSWER_TIMEOUT)
                .header(IdentityAssertion.HEADER, identity).header("Accept", "application/json").GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UnavailableException("catalog-unavailable", "catalog-service (" + uri + ") cannot be reached ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "), so usage "
                    + "cannot be reconciled now. Try again once it runs (imagerepo.accounting.catalog-url).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("catalog-unavailable", "Interrupted while asking catalog-service.");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw badAnswer(uri, "answered " + response.statusCode());
            }
            return read(body);
        } catch (IOException e) {
            throw badAnswer(uri, "sent what is not a list of owners (" + e.getMessage() + ")");
        }
    }

    private Map<String, Owner> read(InputStream body) throws IOException {
        Map<String, Owner> owners = new HashMap<>();
        try (JsonParser parser = json.getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not a JSON array");
            }
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Map<?, ?> entry = json.readValue(parser, Map.class);
                if (!(entry.get("owner") instanceof String owner) || !(entry.get("images") instanceof Number images)
                        || !(entry.get("bytes") instanceof Number bytes)) {
                    throw new IOException("an entry without owner, images and bytes: " + entry);
                }
                owners.merge(owner, new Owner(images.longValue(), bytes.longValue()),
                        (a, b) -> new Owner(a.images() + b.images(), a.bytes() + b.bytes()));
            }
            if (parser.currentToken() != JsonToken.END_ARRAY) {
                throw new IOException("unexpected " + parser.currentToken());
            }
        }
        return owners;
    }

    private static DependencyFailedException badAnswer(URI uri, String what) {
        return new DependencyFailedException("catalog-error", "Bad gateway", "catalog-service (" + uri + ") " + what
                + ", so usage cannot be reconciled now. Its log says why.");
    }
}
