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

/**
 * The gateway is ready when the services the repository needs are ready. trigger-service is reported but
 * not required: without it rules pause, and the repository (quota included) works on (ADR 10).
 */
@Readiness
public class UpstreamReadinessCheck implements HealthCheck {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Inject
    GatewayConfig config;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstream-services").up();
        check(builder, "catalog-service", config.catalogUrl(), true);
        check(builder, "blob-service", config.blobUrl(), true);
        check(builder, "accounting-service", config.accountingUrl(), true);
        check(builder, "trigger-service", config.triggerUrl(), false);
        return builder.build();
    }

    private void check(HealthCheckResponseBuilder builder, String name, URI base, boolean required) {
        String state;
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(base.resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.discarding());
            state = response.statusCode() == 200 ? null : "DOWN (HTTP " + response.statusCode() + ")";
        } catch (IOException e) {
            state = "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "interrupted";
        }
        if (state == null) {
            builder.withData(name, "UP");
        } else if (required) {
            builder.withData(name, state).down();
        } else {
            builder.withData(name, state + " (not required: its rules pause meanwhile)");
        }
    }
}
