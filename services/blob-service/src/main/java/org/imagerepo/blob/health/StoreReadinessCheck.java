package org.imagerepo.blob.health;

import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.StorageException;

/** Ready only while every configured image store can serve: a copy may be read from any of them. */
@Readiness
public class StoreReadinessCheck implements HealthCheck {

    @Inject
    BlobStores stores;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("image-stores").up()
                .withData("uploads", stores.uploadStore().kind());
        for (BlobStore store : stores.all()) {
            try {
                store.checkReady();
                response.withData(store.kind(), "up");
            } catch (StorageException e) {
                response.down().withData(store.kind(), "down: " + e.getMessage());
            }
        }
        return response.build();
    }
}
