package org.imagerepo.blob.storage.fs;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreProvider;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.StorageConfigurationException;
import org.imagerepo.blob.storage.StorageException;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Makes the filesystem store ({@code imagerepo.blob.fs.root}), and sweeps up after crashes. */
@ApplicationScoped
public class FilesystemBlobStoreProvider implements BlobStoreProvider {

    private static final Logger LOG = Logger.getLogger(FilesystemBlobStoreProvider.class);

    @ConfigProperty(name = "imagerepo.blob.fs.root")
    Optional<Path> root;

    @ConfigProperty(name = "imagerepo.blob.fs.abandoned-after", defaultValue = "10m")
    Duration abandonedAfter;

    @Inject
    Instance<BlobStores> stores;

    @Override
    public String kind() {
        return FilesystemBlobStore.KIND;
    }

    @Override
    public BlobStore create() {
        Path directory = root.orElseThrow(() -> new StorageConfigurationException(
                "imagerepo.blob.fs.root is not set: give the directory that holds the images."));
        LOG.infof("filesystem image store under %s", directory.toAbsolutePath());
        return new FilesystemBlobStore(directory);
    }

    @Scheduled(every = "1m", delayed = "10s")
    void sweepAbandonedUploads() {
        if (stores.get().byKind(kind()).orElse(null) instanceof FilesystemBlobStore filesystem) {
            try {
                int removed = filesystem.sweepAbandonedUploads(abandonedAfter);
                if (removed > 0) {
                    LOG.infof("removed %d abandoned partial upload(s)", removed);
                }
            } catch (StorageException e) {
                LOG.debugf("no sweep now: %s", e.getMessage()); // readiness reports the outage
            }
        }
    }
}
