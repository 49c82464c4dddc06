package org.imagerepo.blob.client;

import org.imagerepo.support.transfer.TransferCapability;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.IdentityAssertion;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Holds quota for uploads at accounting-service (ADR 10 point 2): reserves space before a body byte is
 * read, extends the reservation as bytes of unknown length arrive, and releases it when the upload fails.
 * The caller's gateway-signed identity goes along: accounting charges the reservation to that user.
 */
@ApplicationScoped
public class AccountingClient {

    private static final Logger LOG = Logger.getLogger(AccountingClient.class);
    static final String RESERVATIONS = "/internal/v1/reservations";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @ConfigProperty(name = "imagerepo.blob.accounting-url", defaultValue = "http://127.0.0.1:8083")
    URI accountingUrl;

    @Inject
    ObjectMapper json;

    private ObjectReader lenient;

    @PostConstruct
    void init() {
        lenient = json.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** Reserves {@code bytes} for the upload of {@code imageId}; 413 {@link ForwardedProblem} when over quota. */
    public Reservation reserve(String imageId, long bytes, Caller caller) {
        return reservation(send(request(RESERVATIONS, Credentials.of(caller))
                .POST(body(Map.of("imgId", imageId, "bytes", bytes))).build()), 201);
    }

    /**
     * Takes the reservation an upload capability names for this upload, once (ADR 16): 409 {@link ForwardedProblem}
     * when the capability was used already, 404 when its reservation expired or was released.
     */
    public Reservation claim(TransferCapability capability) {
        return reservation(send(request(RESERVATIONS + "/" + URLEncoder.encode(capability.reservationId(),
                StandardCharsets.UTF_8) + "/claim", Credentials.of(capability)).POST(HttpRequest.BodyPublishers.noBody())
                .build()), 200);
    }

    /** The reservation accounting answered with {@code expected}; its refusal otherwise. */
    private Reservation reservation(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw refusal(response);
        }
        try {
            return lenient.readValue(response.body(), Reservation.class);
        } catch (IOException e) {
            throw unavailable("it answered an unreadable reservation");
        }
    }

    /** Makes the reservation {@code total} bytes in all; 413 {@link ForwardedProblem} when that passes the quota. */
    public void extend(Reservation reservation, long total, Credentials caller) {
        HttpResponse<String> response = send(request(path(reservation), caller)
                .PUT(body(Map.of("bytes", total))).build());
        if (response.statusCode() != 200) {
            throw refusal(response);
        }
    }

    /**
     * Gives the reservation's space back. Never throws: accounting also releases what a failed upload
     * held when it applies BlobFailed, so a release that does not get through only delays that.
     */
    public void release(Reservation reservation, Credentials caller) {
        try {
            HttpResponse<String> response = send(request(path(reservation), caller).DELETE().build());
            if (response.statusCode() != 204 && response.statusCode() != 404) {
                LOG.warnf("accounting-service did not release reservation %s of image %s (HTTP %d): %s",
                        reservation.reservationId(), reservation.imgId(), response.statusCode(), response.body());
            }
        } catch (ProblemException e) {
            LOG.warnf("could not release reservation %s of image %s: %s", reservation.reservationId(),
                    reservation.imgId(), e.getMessage());
        }
    }

    private static String path(Reservation reservation) {
        return RESERVATIONS + "/" + URLEncoder.encode(reservation.reservationId(), StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path, Credentials caller) {
        return HttpRequest.newBuilder(accountingUrl.resolve(path))
                .header(caller.header(), caller.value())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10));
    }

    private HttpRequest.BodyPublisher body(Map<String, Object> value) {
        try {
            return HttpRequest.BodyPublishers.ofString(json.writeValueAsString(value));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unavailable("it cannot be reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while asking it");
        }
    }

    /**
     * A client error of accounting's is the caller's answer, passed on as accounting wrote it (a quota
     * refusal names quota and usage); a server error means quota cannot be checked now.
     */
    private ProblemException refusal(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 400 && status < 500) {
            try {
                Problem problem = lenient.readValue(response.body(), Problem.class);
                if (problem.status() == status && problem.detail() != null) {
                    return new ForwardedProblem(problem, response.body());
                }
            } catch (IOException e) {
                LOG.warnf("accounting-service answered HTTP %d with something unreadable: %s", status, response.body());
            }
        }
        return unavailable("it failed (HTTP " + status + ")");
    }

    /**
     * Whom accounting charges: the uploader's gateway-signed identity, or the upload capability the gateway signed
     * for them (ADR 16), which accounting accepts for its own reservation only.
     */
    public record Credentials(String header, String value) {

        public static Credentials of(Caller caller) {
            return new Credentials(IdentityAssertion.HEADER, caller.assertion());
        }

        public static Credentials of(TransferCapability capability) {
            return new Credentials(TransferCapability.HEADER, capability.token());
        }
    }

    private static ProblemException unavailable(String why) {
        return ProblemException.unavailable("quota-unavailable", "Cannot check quota (accounting-service: " + why
                + "); nothing was stored. Try again shortly.");
    }
}
