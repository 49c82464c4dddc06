package org.imagerepo.catalog.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.imagerepo.catalog.config.MetadataStoreConfigSourceFactory;
import org.imagerepo.catalog.repository.ImageStore;

/**
 * Ready only while the selected metadata store answers. Quarkus' own MongoDB check is switched off at
 * build time (it would probe a MongoDB that a relational configuration does not have); inactive
 * datasources are not probed by Quarkus.
 */
@Readiness
@ApplicationScoped
public class MetadataStoreReadiness implements HealthCheck {

    @Inject
    ImageStore store;

    @ConfigProperty(name = MetadataStoreConfigSourceFactory.PROPERTY, defaultValue = MetadataStoreConfigSourceFactory.DEFAULT_STORE)
    String kind;

    @Override
    public HealthCheckResponse call() {
        String name = "metadata store " + MetadataStoreConfigSourceFactory.normalise(kind);
        try {
            store.ping();
            return HealthCheckResponse.up(name);
        } catch (RuntimeException e) {
            return HealthCheckResponse.builder().name(name).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
