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
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.ProblemResponses;
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

    @Inject
    EdgeSecurity edge;

    @Inject
    OidcProvider oidc;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

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
        router.route().order(-100).handler(rc -> {
            // Only the gateway speaks for a user inside: whatever a client sent in that header goes.
            rc.request().headers().remove(IdentityAssertion.HEADER);
            rc.next();
        });
        router.get("/api/v1/auth").handler(this::describeSignIn);
        router.routeWithRegex(BLOB_PATHS).handler(rc -> admitted(rc, toBlob));
        router.routeWithRegex(ACCOUNTING_PATHS).handler(rc -> admitted(rc, toAccounting));
        router.routeWithRegex(TRIGGER_PATHS).handler(rc -> admitted(rc, toTriggers));
        router.route("/api/v1/*").handler(rc -> admitted(rc, toCatalog));
        router.route("/api/*").handler(rc -> ProblemResponses.write(rc.response(), Problem.of(404, "not-found",
                "Not found", "No such API: this gateway serves /api/v1/images, /api/v1/files, /api/v1/users,"
                        + " /api/v1/history, /api/v1/usage, /api/v1/rules, /api/v1/actions, /api/v1/reservations"
                        + " and /api/v1/auth.")));
    }

    /** Checks the token on a worker (keys and the user's record may need fetching), then proxies or refuses. */
    private void admitted(RoutingContext rc, HttpProxy proxy) {
        HttpServerRequest request = rc.request();
        request.pause(); // not a byte of the body is read before the caller is known
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean anyStatus = request.method() == HttpMethod.GET && WHOAMI.equals(request.path());
        vertx.executeBlocking(() -> edge.admit(authorization, anyStatus), false).onComplete(admission -> {
            if (admission.succeeded()) {
                request.headers().remove(HttpHeaders.AUTHORIZATION).set(IdentityAssertion.HEADER, admission.result());
                proxy.handle(request);
            } else {
                refuse(request, admission.cause());
            }
        });
    }

    private static void refuse(HttpServerRequest request, Throwable cause) {
        Problem problem;
        if (cause instanceof ProblemException e) {
            problem = e.problem();
        } else {
            LOG.error("admitting a request failed", cause);
            problem = Problem.of(500, "internal", "Internal server error",
                    "The request could not be checked; the operators can find the cause in the gateway's log.");
        }
        HttpServerResponse response = request.response();
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"imagerepo\", error=\"invalid_token\"");
        }
        // A refused upload's body is not wanted: answer, then close rather than read gigabytes. Over HTTP/2 the
        // connection carries other requests' streams too; ending the response resets just this one.
        boolean hasBody = request.version() != HttpVersion.HTTP_2
                && (request.headers().contains(HttpHeaders.CONTENT_LENGTH) && !"0".equals(request.getHeader(HttpHeaders.CONTENT_LENGTH))
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING));
        if (hasBody) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> written = ProblemResponses.write(response, problem);
        if (hasBody) {
            if (written == null) {
                request.connection().close();
            } else {
                written.onComplete(done -> request.connection().close());
            }
        }
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
