package org.imagerepo.triggers.health;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.imagerepo.triggers.repository.TriggerDatabase;

/** Ready only while the selected database answers (Kafka has the messaging extension's own checks). */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    TriggerDatabase database;

    @Override
    public HealthCheckResponse call() {
        String name = "database " + database.kind();
        try {
            QuarkusTransaction.requiringNew().run(() ->
                    database.session().createNativeQuery("select 1", Integer.class).getSingleResult());
            return HealthCheckResponse.up(name);
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().name(name).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
