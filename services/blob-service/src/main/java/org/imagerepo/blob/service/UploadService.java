package org.imagerepo.blob.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.blob.client.CatalogClient;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.messaging.BlobEventPublisher;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.IncompleteDataException;
import org.imagerepo.blob.storage.ObjectExistsException;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;
import org.imagerepo.events.BlobFailed;
import org.imagerepo.events.BlobStored;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.Caller;
import org.jboss.logging.Logger;

import java.io.InputStream;

/**
 * Takes in the bytes of a registered image: checks who may upload, streams them to the store while
 * hashing, and announces the outcome. The catalog shows the image as available only after the
 * {@link BlobStored} event, which is sent before the client hears of success.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    @Inject
    CatalogClient catalog;

    @Inject
    BlobStores stores;

    @Inject
    BlobEventPublisher events;

    /** Checks, before any byte is read, that {@code user} may upload the bytes of {@code imageId}. */
    public CatalogImage admit(String imageId, Caller caller) {
        CatalogImage image = catalog.find(imageId, caller);
        if (!image.owner().equals(caller.username())) {
            throw ProblemException.forbidden("Only the owner (" + image.owner() + ") can upload the bytes of image "
                    + imageId + ".");
        }
        if (!image.awaitsBytes()) {
            throw ProblemException.conflict("bytes-exist", "Image " + imageId + " is " + image.imgStatus()
                    + " and already has its bytes; register a new image to upload another file.");
        }
        return image;
    }

    public UploadResult store(CatalogImage image, String user, InputStream body, long declaredSize) {
        BlobStore store = stores.uploadStore();
        ChecksummingInputStream hashed = new ChecksummingInputStream(body);
        StoredObject stored;
        try {
            stored = store.put(image.imgId(), hashed, declaredSize);
        } catch (ObjectExistsException e) {
            throw ProblemException.conflict("upload-in-progress", "The bytes of image " + image.imgId()
                    + " are being uploaded or were already stored; wait for it to become available.");
        } catch (IncompleteDataException e) {
            events.publish(BlobFailed.of(user, image.imgId(), e.getMessage(), hashed.count()));
            throw ProblemException.badRequest("incomplete-upload", "The upload of image " + image.imgId()
                    + " did not complete (" + e.getMessage() + "); nothing was kept. Upload the file again.");
        } catch (StorageUnavailableException e) {
            events.publish(BlobFailed.of(user, image.imgId(), "image store unavailable", hashed.count()));
            throw StoreProblems.unavailable(store, e, "nothing was kept");
        }
        String sha256 = hashed.sha256();
        String md5 = hashed.md5();
        announce(BlobStored.of(user, image.imgId(), stored.location(), stored.size(), sha256, md5), store);
        return new UploadResult(image.imgId(), stored.size(), sha256, md5, stored.location());
    }

    /**
     * Publishes the news of stored bytes and waits for Kafka's acknowledgement. Without the event the
     * catalog would never learn of these bytes, so they are not kept when it cannot be sent.
     */
    void announce(BlobStored event, BlobStore store) {
        try {
            events.publishAndAwait(event);
        } catch (RuntimeException e) {
            LOG.warnf("could not announce the bytes of %s at %s, removing them: %s", event.imageId(), event.location(),
                    e.getMessage());
            try {
                store.delete(event.location());
            } catch (StorageException deleteFailed) {
                LOG.warnf("could not remove %s either: %s", event.location(), deleteFailed.getMessage());
            }
            throw ProblemException.unavailable("events-unavailable",
                    "The bytes could not be recorded (the event bus is unavailable); nothing was kept. Try again later.");
        }
    }
}
