package org.imagerepo.blob.health;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.StorageException;

/** Ready only while the image store can serve. */
@Readiness
public class StoreReadinessCheck implements HealthCheck {

    @Inject
    BlobStore store;

    @Override
    public HealthCheckResponse call() {
        try {
            store.checkReady();
            return HealthCheckResponse.named("image-store").up().withData("kind", store.kind()).build();
        } catch (StorageException e) {
            return HealthCheckResponse.named("image-store").down().withData("reason", e.getMessage()).build();
        }
    }
}
