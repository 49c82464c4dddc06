package org.imagerepo.gateway.health;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.imagerepo.gateway.routing.GatewayConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The gateway is ready when the services it routes to are ready. */
@Readiness
public class UpstreamReadinessCheck implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    GatewayConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstream-services").up();
        check(builder, "catalog-service", config.catalogUrl());
        check(builder, "blob-service", config.blobUrl());
        check(builder, "accounting-service", config.accountingUrl());
        return builder.build();
    }

    private void check(HealthCheckResponseBuilder builder, String name, URI base) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            boolean up = response.statusCode() == 200;
            builder.withData(name, up ? "UP" : "DOWN (HTTP " + response.statusCode() + ")");
            if (!up) {
                builder.down();
            }
        } catch (IOException e) {
            builder.withData(name, "unreachable").down();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.withData(name, "interrupted").down();
        }
    }
}
