package org.imagerepo.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.imagerepo.gateway.security.EdgeSecurity;
import org.imagerepo.gateway.security.OidcProvider;
import org.imagerepo.support.DomainProblems;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.ProblemResponses;
import org.imagerepo.support.transfer.TransferCapability;

import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The one public entry point. Every request under /api/v1 but {@code /api/v1/auth} must bring a valid
 * bearer token (ADR 9); it goes on with the gateway's signed identity in place of the token. Image bytes
 * (and the copies of them in other stores, and their verification) go to blob-service; users, history
 * and usage to accounting-service; rules, actions and rain reservations to trigger-service (ADR 10);
 * everything else under /api/v1 to catalog-service. Bodies are piped both ways with back-pressure, never
 * buffered: a multi-gigabyte image passes through a small heap.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    /** The largest piece of a proxied body (see the HTTP client's options). */
    private static final int MAX_CHUNK = 64 * 1024;
    /** What blob-service serves: an image's bytes, copies of them in other stores, and their verification. */
    static final String BLOB_PATHS = "/api/v1/images/[^/]+/(file|locations|verification)|/api/v1/files";
    /** What accounting-service serves: users, and the history and usage it keeps from events. */
    static final String ACCOUNTING_PATHS = "/api/v1/(users|history|usage)(/.*)?";
    /** What trigger-service serves: its rules, the actions they took, the rain reservations it stages for. */
    static final String TRIGGER_PATHS = "/api/v1/(rules|actions|reservations)(/.*)?";
    /** What a pending or deactivated user may still ask: who they are, and so why they are refused. */
    static final String WHOAMI = "/api/v1/users/me";
    /** An image's bytes (ADR 16: redirected to blob-service in direct mode). */
    static final String FILE = "/api/v1/images/:id/file";
    /** An image's bytes by one of its locations ({@code ?uri=}). */
    static final String FILES = "/api/v1/files";
    /** Creating an upload (ADR 16). */
    static final String UPLOADS = "/api/v1/images/:id/uploads";
    /** How long, and how much of, an unwanted request body is read and dropped before its connection closes. */
    private static final long LINGER_MILLIS = 2000;
    private static final long LINGER_BYTES = 256L << 20;
    /** The largest body of a request creating an upload (a small JSON). */
    private static final long MAX_UPLOAD_REQUEST = 64 * 1024;
    /**
     * The longest request line ({@code GET /api/v1/images?q=... HTTP/1.1}) the services behind take: Quarkus'
     * default max-initial-line-length. The gateway's own is larger (application.properties), so that a longer
     * line reaches this check and is refused with a problem, not with the HTTP server's bare 414.
     */
    static final int MAX_REQUEST_LINE = 4096;

    @Inject
    EdgeSecurity edge;

    @Inject
    OidcProvider oidc;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Inject
    TransferLinks links;

    void register(@Observes Router router) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerService())
                .setKeepAlive(true)
                .setConnectTimeout(5000)
                // Image bytes pass through in pieces of this size, each one write: at Netty's default of 8 KiB a
                // 1 GiB download cost the gateway ~80,000 writes and most of a core (perf/README.md).
                .setMaxChunkSize(MAX_CHUNK));
        HttpProxy toBlob = proxy(client, "blob-service", config.blobUrl());
        HttpProxy toCatalog = proxy(client, "catalog-service", config.catalogUrl());
        HttpProxy toAccounting = proxy(client, "accounting-service", config.accountingUrl());
        HttpProxy toTriggers = proxy(client, "trigger-service", config.triggerUrl());
        router.route().order(-101).handler(rc -> {
            int line = requestLineLength(rc.request());
            if (line > MAX_REQUEST_LINE) {
                refuse(rc.request(), new ProblemException(Problem.of(414, "uri-too-long", "URI too long",
                        "The request line (method, URI and HTTP version) is " + line + " bytes; the repository takes "
                                + "at most " + MAX_REQUEST_LINE + ". Shorten the query string: a shorter query, or "
                                + "fewer parameters.")));
            } else {
                rc.next();
            }
        });
        router.route().order(-100).handler(rc -> {
            // Only the gateway speaks for a user inside: whatever a client sent in that header goes.
            rc.request().headers().remove(IdentityAssertion.HEADER);
            rc.next();
        });
        router.get("/api/v1/auth").handler(this::describeSignIn);
        // ADR 16: an upload starts by creating it; in direct mode the bytes then go to blob-service, not through here.
        router.post(UPLOADS).handler(rc -> admitted(rc, identity -> createUpload(rc, client, identity)));
        if (config.dataPath() == GatewayConfig.DataPath.DIRECT) {
            LOG.infof("image bytes go to blob-service directly, at %s (ADR 16)", links.blobPublicBase());
            router.put(FILE).handler(rc -> {
                if (rc.request().getParam(TransferCapability.QUERY_PARAMETER) != null) {
                    admitted(rc, toBlob); // an upload link for the gateway itself (made in proxy mode): take it
                } else {
                    admitted(rc, identity -> redirect(rc, client, identity, uploadRequest(rc.pathParam("id"),
                            contentLength(rc.request()))));
                }
            });
            router.get(FILE).handler(rc -> admitted(rc, identity -> redirect(rc, client, identity, downloadRequest(rc))));
            router.head(FILE).handler(rc -> admitted(rc, identity -> redirect(rc, client, identity, downloadRequest(rc))));
            router.get(FILES).handler(rc -> admitted(rc, identity -> redirect(rc, client, identity, downloadRequest(rc))));
            router.head(FILES).handler(rc -> admitted(rc, identity -> redirect(rc, client, identity, downloadRequest(rc))));
        }
        router.routeWithRegex(BLOB_PATHS).handler(rc -> admitted(rc, toBlob));
        router.routeWithRegex(ACCOUNTING_PATHS).handler(rc -> admitted(rc, toAccounting));
        router.routeWithRegex(TRIGGER_PATHS).handler(rc -> admitted(rc, toTriggers));
        router.route("/api/v1/*").handler(rc -> admitted(rc, toCatalog));
        router.route("/api/*").handler(rc -> ProblemResponses.write(rc.response(), Problem.of(404, "not-found",
                "Not found", "No such API: this gateway serves /api/v1/images, /api/v1/files, /api/v1/users,"
                        + " /api/v1/history, /api/v1/usage, /api/v1/rules, /api/v1/actions, /api/v1/reservations"
                        + " and /api/v1/auth; they are described at /q/openapi (Swagger UI: /q/swagger-ui).")));
    }

    /** Checks the token on a worker (keys and the user's record may need fetching), then proxies or refuses. */
    private void admitted(RoutingContext rc, HttpProxy proxy) {
        admitted(rc, identity -> {
            rc.request().headers().set(IdentityAssertion.HEADER, identity);
            proxy.handle(rc.request());
        });
    }

    /** Checks the token on a worker, then hands the identity the services trust to {@code then}, or refuses. */
    private void admitted(RoutingContext rc, Consumer<String> then) {
        HttpServerRequest request = rc.request();
        request.pause(); // not a byte of the body is read before the caller is known
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean anyStatus = request.method() == HttpMethod.GET && WHOAMI.equals(request.path());
        vertx.executeBlocking(() -> edge.admit(authorization, anyStatus), false).onComplete(admission -> {
            if (admission.succeeded()) {
                request.headers().remove(HttpHeaders.AUTHORIZATION);
                then.accept(admission.result());
            } else {
                refuse(request, admission.cause());
            }
        });
    }

    /**
     * {@code POST /api/v1/images/{id}/uploads} ({@code {"size": N}}, optional): creates the upload (ADR 16) and
     * answers where to send its bytes: blob-service in direct mode, this gateway in proxy mode.
     */
    private void createUpload(RoutingContext rc, HttpClient client, String identity) {
        HttpServerRequest request = rc.request();
        String imageId = rc.pathParam("id");
        if (contentLength(request) > MAX_UPLOAD_REQUEST) {
            refuse(request, ProblemException.badRequest("invalid-upload", "An upload is created with a small JSON "
                    + "body, {\"size\": <bytes>}; send the image's bytes to the uploadUrl it answers with."));
            return;
        }
        request.body().onComplete(read -> {
            if (read.failed()) {
                return; // the client went away
            }
            long size;
            try {
                size = declaredSize(read.result());
            } catch (ProblemException e) {
                refuse(request, e);
                return;
            }
            String base = config.dataPath() == GatewayConfig.DataPath.DIRECT ? links.blobPublicBase() : "";
            links.create(client, identity, uploadRequest(imageId, size), base).onComplete(made -> {
                if (made.failed()) {
                    answerFailure(request, made.cause());
                    return;
                }
                TransferLinks.Link link = made.result();
                JsonObject body = new JsonObject()
                        .put("imageId", imageId)
                        .put("uploadUrl", link.url())
                        .put("method", "PUT")
                        .put("size", size >= 0 ? size : null)
                        .put("expiresAt", link.capability().expiresAt().toString());
                request.response().setStatusCode(201)
                        .putHeader(HttpHeaders.LOCATION, link.url())
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(body.encode());
            });
        });
        request.resume();
    }

    /** The size an upload is created for: {@code {"size": N}}; none (an empty body, or null) means unknown. */
    private static long declaredSize(Buffer body) {
        if (body.length() == 0) {
            return -1;
        }
        Object size;
        try {
            size = new JsonObject(body).getValue("size");
        } catch (RuntimeException e) {
            throw ProblemException.badRequest("invalid-upload", "The body is not JSON: create an upload with "
                    + "{\"size\": <the image's bytes>}, or with no body when the size is not known.");
        }
        if (size == null) {
            return -1;
        }
        if (!(size instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
            throw ProblemException.badRequest("invalid-size", "Invalid size " + size
                    + ": give the image's whole number of bytes, or leave it out when it is not known.");
        }
        return n.longValue();
    }

    /**
     * Direct mode: the transfer goes to blob-service with a signed capability (ADR 16). {@code curl -L} and the
     * Java client follow the redirect; an upload sent with {@code Expect: 100-continue} sends no byte here.
     */
    private void redirect(RoutingContext rc, HttpClient client, String identity, JsonObject transfer) {
        HttpServerRequest request = rc.request();
        links.create(client, identity, transfer, links.blobPublicBase()).onComplete(made -> {
            if (made.failed()) {
                answerFailure(request, made.cause());
                return;
            }
            HttpServerResponse response = request.response().setStatusCode(307)
                    .putHeader(HttpHeaders.LOCATION, made.result().url())
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            endUnread(request, response, null);
        });
    }

    private static JsonObject uploadRequest(String imageId, long size) {
        return new JsonObject().put("operation", "upload").put("imageId", imageId).put("size", size >= 0 ? size : null);
    }

    private static JsonObject downloadRequest(RoutingContext rc) {
        String imageId = rc.pathParam("id");
        JsonObject request = new JsonObject().put("operation", "download");
        return imageId != null ? request.put("imageId", imageId).put("store", rc.request().getParam("store"))
                : request.put("location", rc.request().getParam("uri"));
    }

    /** A transfer link that could not be made: blob-service's own answer, or the gateway's problem. */
    private void answerFailure(HttpServerRequest request, Throwable cause) {
        if (cause instanceof TransferLinks.UpstreamAnswer answer) {
            HttpServerResponse response = request.response().setStatusCode(answer.status());
            if (answer.contentType() != null) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, answer.contentType());
            }
            endUnread(request, response, answer.body());
        } else {
            refuse(request, cause);
        }
    }

    /**
     * Ends {@code response}; a request body that was announced but not read (an upload redirected or refused) is
     * not wanted: the connection closes once the answer is out, rather than reading gigabytes.
     */
    private void endUnread(HttpServerRequest request, HttpServerResponse response, Buffer body) {
        boolean hasBody = hasUnreadBody(request);
        if (hasBody) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> written = body == null ? response.end() : response.end(body);
        if (hasBody) {
            linger(request, written);
        }
    }

    private static boolean hasUnreadBody(HttpServerRequest request) {
        return request.version() != HttpVersion.HTTP_2 && !request.isEnded()
                && (request.headers().contains(HttpHeaders.CONTENT_LENGTH) && !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH))
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING));
    }

    /** The request line as the services' HTTP server measures it, CRLF aside: what the proxy sends them. */
    private static int requestLineLength(HttpServerRequest request) {
        return request.method().name().length() + 1 + request.uri().length() + 1 + "HTTP/1.1".length();
    }

    private static long contentLength(HttpServerRequest request) {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void refuse(HttpServerRequest request, Throwable cause) {
        Problem problem = DomainProblems.answering(cause).orElseGet(() -> {
            LOG.error("admitting a request failed", cause);
            return Problem.of(500, "internal", "Internal server error",
                    "The request could not be checked; the operators can find the cause in the gateway's log.");
        });
        HttpServerResponse response = request.response();
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"imagerepo\", error=\"invalid_token\"");
        }
        // A refused upload's body is not wanted: answer, then close rather than read gigabytes. Over HTTP/2 the
        // connection carries other requests' streams too; ending the response resets just this one.
        boolean hasBody = hasUnreadBody(request);
        if (hasBody) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> written = ProblemResponses.write(response, problem);
        if (hasBody) {
            if (written == null) {
                request.connection().close();
            } else {
                linger(request, written);
            }
        }
    }

    /**
     * Closes the connection of a request whose body is not wanted, gracefully (issue 17 point 5): what the client
     * still sends is read and dropped for up to {@link #LINGER_MILLIS} or {@link #LINGER_BYTES}, so that closing
     * with unread bytes does not make the kernel reset the connection and destroy the answer on its way. A client
     * waiting for a {@code 100 Continue} it never got sends no body: its connection closes at once.
     */
    private void linger(HttpServerRequest request, Future<Void> written) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT)) || request.isEnded()) {
            written.onComplete(done -> request.connection().close());
            return;
        }
        long[] dropped = {0};
        long timer = vertx.setTimer(LINGER_MILLIS, t -> request.connection().close());
        Runnable close = () -> {
            vertx.cancelTimer(timer);
            written.onComplete(done -> request.connection().close());
        };
        request.exceptionHandler(e -> close.run());
        request.endHandler(v -> close.run());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                request.handler(null);
                close.run();
            }
        });
        request.resume();
    }

    /** {@code GET /api/v1/auth}: where clients sign in (ADR 9), the one route that needs no token. */
    private void describeSignIn(RoutingContext rc) {
        vertx.executeBlocking(oidc::endpoints, false).onComplete(found -> {
            if (found.failed()) {
                refuse(rc.request(), found.cause());
                return;
            }
            OidcProvider.Endpoints endpoints = found.result();
            JsonObject body = new JsonObject()
                    .put("issuer", endpoints.issuer())
                    .put("clientId", config.oidc().cliClientId())
                    .put("tokenEndpoint", endpoints.tokenEndpoint())
                    .put("deviceAuthorizationEndpoint", endpoints.deviceAuthorizationEndpoint());
            rc.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body.encode());
        });
    }

    private HttpProxy proxy(HttpClient client, String name, java.net.URI origin) {
        int port = origin.getPort() > 0 ? origin.getPort() : 80;
        LOG.infof("routing to %s at %s", name, origin);
        return HttpProxy.reverseProxy(client).origin(port, origin.getHost()).addInterceptor(new ProxyInterceptor() {
            @Override
            public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
                return context.sendRequest().recover(failure -> {
                    LOG.warnf("%s unreachable: %s", name, failure.getMessage());
                    return Future.succeededFuture(unavailable(context, name));
                });
            }
        });
    }

    private ProxyResponse unavailable(ProxyContext context, String name) {
        Problem problem = Problem.of(503, "service-unavailable", "Service unavailable",
                "The " + name + " cannot be reached right now; try again shortly.");
        ProxyResponse response = context.request().response().setStatusCode(503).setStatusMessage("Service Unavailable");
        response.headers().set("Content-Type", Problem.MEDIA_TYPE);
        response.setBody(Body.body(Buffer.buffer(ProblemResponses.json(problem))));
        return response;
    }
}
