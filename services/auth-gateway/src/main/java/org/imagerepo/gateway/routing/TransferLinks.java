package org.imagerepo.gateway.routing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.gateway.security.AssertionSigner;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.transfer.TransferCapability;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Makes the signed links of one-hop transfers (ADR 16): blob-service prepares the transfer as the caller
 * (resolves the copy to read; for an upload admits the uploader and holds the quota), the gateway signs it
 * and says where to take it. The links are bearer credentials: they are never logged.
 */
@ApplicationScoped
public class TransferLinks {

    private static final Logger LOG = Logger.getLogger(TransferLinks.class);
    static final String PREPARE = "/internal/v1/transfers";

    @Inject
    GatewayConfig config;

    @Inject
    AssertionSigner signer;

    @Inject
    ObjectMapper json;

    private ObjectReader capabilities;

    @PostConstruct
    void init() {
        capabilities = json.readerFor(TransferCapability.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A signed link: where to send the transfer, and until when it may start. */
    public record Link(String url, TransferCapability capability) {
    }

    /**
     * Asks blob-service to prepare {@code request} for the caller of {@code identity} and signs the answer.
     * blob-service's refusals (404, 409, 413, ...) fail the future with {@link UpstreamAnswer}, to be passed on as
     * they are; blob-service out of reach with a 503 problem.
     *
     * @param base where the link points: blob-service's public URL, or "" for the gateway itself (proxy mode)
     */
    public Future<Link> create(HttpClient client, String identity, JsonObject request, String base) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setAbsoluteURI(config.blobUrl().resolve(PREPARE).toString())
                .putHeader(IdentityAssertion.HEADER, identity)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        return client.request(options)
                .compose(req -> req.send(request.toBuffer()))
                .compose(resp -> resp.body().map(body -> new UpstreamAnswer(resp.statusCode(),
                        resp.getHeader(HttpHeaders.CONTENT_TYPE), body)))
                .recover(failure -> {
                    LOG.warnf("blob-service unreachable: %s", failure.getMessage());
                    return Future.failedFuture(ProblemException.unavailable("service-unavailable",
                            "The blob-service cannot be reached right now; try again shortly."));
                })
                .compose(answer -> answer.status() == 201 ? Future.succeededFuture(sign(answer.body(), request, base))
                        : Future.failedFuture(answer));
    }

    private Link sign(Buffer prepared, JsonObject request, String base) {
        TransferCapability capability;
        try {
            capability = capabilities.<TransferCapability>readValue(prepared.getBytes())
                    .tracedBy(traceParent())
                    .expiringAt(Instant.now().plus(config.capabilityLifetime()));
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(Problem.of(502, "bad-upstream", "Bad answer from blob-service",
                    "blob-service prepared a transfer the gateway cannot read; the operators can find the cause in "
                            + "the gateway's log."), e);
        }
        String token = signer.signTransfer(capability);
        // blob-service serves links under /transfers (its Ingress path); the gateway's own are its /api/v1 paths.
        String prefix = base.isEmpty() ? "/api/v1" : "/transfers";
        String path = request.getString("imageId") == null ? prefix + "/files"
                : prefix + "/images/" + URLEncoder.encode(capability.imageId(), StandardCharsets.UTF_8).replace("+", "%20")
                + "/file";
        return new Link(base + path + "?" + TransferCapability.QUERY_PARAMETER + "=" + token, capability);
    }

    /**
     * The W3C trace context of the request being answered, for blob-service to continue: the client that follows
     * the link sends none, and one transfer should read as one trace (gateway, blob-service, Kafka, consumers).
     */
    private static String traceParent() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** Where clients reach blob-service (ADR 16), without a trailing slash. */
    public String blobPublicBase() {
        URI url = config.blobPublicUrl().orElse(config.blobUrl());
        String text = url.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** An answer of blob-service's to pass on to the client as it is (a refused transfer's problem). */
    public static final class UpstreamAnswer extends RuntimeException {

        private final int status;
        private final String contentType;
        private final Buffer body;

        UpstreamAnswer(int status, String contentType, Buffer body) {
            super("HTTP " + status, null, false, false);
            this.status = status;
            this.contentType = contentType;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String contentType() {
            return contentType;
        }

        public Buffer body() {
            return body;
        }
    }
}
