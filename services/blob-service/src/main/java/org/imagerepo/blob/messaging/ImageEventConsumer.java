package org.imagerepo.blob.messaging;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.events.EventCodec;
import org.imagerepo.events.ImageDeleted;
import org.jboss.logging.Logger;

import java.util.LinkedHashSet;
import java.util.Set;

/** Removes the bytes of images the catalog deleted. Deleting is idempotent, so redelivery is harmless. */
@ApplicationScoped
public class ImageEventConsumer {

    private static final Logger LOG = Logger.getLogger(ImageEventConsumer.class);

    @Inject
    BlobStore store;

    @Incoming("image-events")
    @Blocking
    public void onImageEvent(String payload) {
        if (EventCodec.decode(payload).orElse(null) instanceof ImageDeleted deleted) {
            // The id's own location too: an upload may have completed while the delete was on its way.
            Set<String> locations = new LinkedHashSet<>(deleted.locations());
            locations.add(store.locationOf(deleted.imageId()));
            for (String location : locations) {
                if (location.startsWith(store.kind() + ":") && store.delete(location)) {
                    LOG.infof("deleted the bytes of image %s at %s", deleted.imageId(), location);
                }
            }
        }
    }
}
