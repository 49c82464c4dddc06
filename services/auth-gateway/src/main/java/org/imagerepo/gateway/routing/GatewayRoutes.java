package org.imagerepo.gateway.routing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemResponses;
import org.jboss.logging.Logger;

/**
 * The one public entry point. Image bytes (and copying them between stores) go to blob-service, everything else under /api/v1 to
 * catalog-service. Bodies are piped both ways with back-pressure, never buffered: a multi-gigabyte
 * image passes through a small heap.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final Logger LOG = Logger.getLogger(GatewayRoutes.class);
    /** What blob-service serves: an image's bytes, and copies of them into other stores. */
    static final String BLOB_PATHS = "/api/v1/images/[^/]+/(file|locations)";

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    void register(@Observes Router router) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnectionsPerService())
                .setKeepAlive(true)
                .setConnectTimeout(5000));
        HttpProxy toBlob = proxy(client, "blob-service", config.blobUrl());
        HttpProxy toCatalog = proxy(client, "catalog-service", config.catalogUrl());
        router.routeWithRegex(BLOB_PATHS).handler(rc -> toBlob.handle(rc.request()));
        router.route("/api/v1/*").handler(rc -> toCatalog.handle(rc.request()));
        router.route("/api/*").handler(rc -> ProblemResponses.write(rc.response(), Problem.of(404, "not-found",
                "Not found", "No such API: this gateway serves /api/v1/images.")));
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
