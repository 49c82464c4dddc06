package org.imagerepo.blob.storage.fs;

import io.quarkus.arc.lookup.LookupIfProperty;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.storage.BlobStore;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;

/** Makes the filesystem store when {@code imagerepo.blob.store=fs} (the default), and sweeps up after crashes. */
@ApplicationScoped
public class FilesystemStoreProducer {

    private static final Logger LOG = Logger.getLogger(FilesystemStoreProducer.class);

    @Inject
    Instance<BlobStore> stores;

    @ConfigProperty(name = "imagerepo.blob.fs.abandoned-after", defaultValue = "10m")
    Duration abandonedAfter;

    @Produces
    @Singleton
    @LookupIfProperty(name = "imagerepo.blob.store", stringValue = FilesystemBlobStore.KIND, lookupIfMissing = true)
    BlobStore filesystem(@ConfigProperty(name = "imagerepo.blob.fs.root") Path root) {
        LOG.infof("image store: filesystem under %s", root.toAbsolutePath());
        return new FilesystemBlobStore(root);
    }

    @Scheduled(every = "1m", delayed = "10s")
    void sweepAbandonedUploads() {
        if (stores.get() instanceof FilesystemBlobStore filesystem) {
            int removed = filesystem.sweepAbandonedUploads(abandonedAfter);
            if (removed > 0) {
                LOG.infof("removed %d abandoned partial upload(s)", removed);
            }
        }
    }
}
