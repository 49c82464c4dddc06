package org.imagerepo.blob.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageDeleted;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Removes the bytes of images the catalog deleted, each location from the store its scheme names.
 * Deleting is idempotent, so redelivery is harmless; a store that is down fails the message, which then
 * goes to the dead-letter topic for a later replay.
 */
@ApplicationScoped
public class ImageEventConsumer {

    private static final Logger LOG = Logger.getLogger(ImageEventConsumer.class);

    @Inject
    BlobStores stores;

    @Incoming("image-events")
    @Blocking
    public void onImageEvent(String payload) {
        if (EventCodec.decode(payload).orElse(null) instanceof ImageDeleted deleted) {
            // The id's own location in the upload store too: an upload may have completed while the
            // delete was on its way.
            Set<String> locations = new LinkedHashSet<>(deleted.locations());
            locations.add(stores.uploadStore().locationOf(deleted.imageId()));
            for (String location : locations) {
                Optional<BlobStore> store = stores.forLocation(location);
                if (store.isEmpty()) {
                    LOG.warnf("image %s had bytes at %s, in a store this blob-service is not configured with; "
                            + "they stay there", deleted.imageId(), location);
                    continue;
                }
                try {
                    if (store.get().delete(location)) {
                        LOG.infof("deleted the bytes of image %s at %s", deleted.imageId(), location);
                    }
                } catch (StorageUnavailableException e) {
                    throw e; // fails the message: it goes to the dead-letter topic for a replay
                } catch (StorageException e) {
                    // Not a location this store can have made: retrying cannot help.
                    LOG.warnf("skipping %s of deleted image %s: %s", location, deleted.imageId(), e.getMessage());
                }
            }
        }
    }
}
