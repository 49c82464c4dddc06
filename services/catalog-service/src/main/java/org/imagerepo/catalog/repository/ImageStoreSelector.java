package org.imagerepo.catalog.repository;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.catalog.config.MetadataStoreConfigSourceFactory;
import org.imagerepo.catalog.repository.mongo.MongoImageStore;
import org.imagerepo.catalog.repository.relational.RelationalImageStore;

/**
 * Makes the store named by {@code imagerepo.catalog.metadata-store} the one {@link ImageStore}. The other
 * implementation is never created, so neither its client nor its connections exist.
 */
@ApplicationScoped
public class ImageStoreSelector {

    @Inject
    @ConfigProperty(name = MetadataStoreConfigSourceFactory.PROPERTY, defaultValue = MetadataStoreConfigSourceFactory.DEFAULT_STORE)
    String store;

    @Inject
    Instance<RelationalImageStore> relational;

    @Inject
    Instance<MongoImageStore> mongo;

    @Produces
    @ApplicationScoped
    ImageStore imageStore() {
        String kind = MetadataStoreConfigSourceFactory.normalise(store);
        if (kind.equals(MetadataStoreConfigSourceFactory.MONGODB)) {
            return mongo.get();
        }
        if (MetadataStoreConfigSourceFactory.RELATIONAL_STORES.contains(kind)) {
            return relational.get();
        }
        throw new IllegalStateException("Unknown " + MetadataStoreConfigSourceFactory.PROPERTY + " '" + store
                + "': use one of " + String.join(", ", MetadataStoreConfigSourceFactory.STORES)
                + " (environment variable IMAGEREPO_CATALOG_METADATA_STORE).");
    }

    /** Fail at start, not at the first request, when the setting names no store. */
    void checkAtStartup(@Observes StartupEvent start, ImageStore selected) {
        selected.toString();
    }
}
