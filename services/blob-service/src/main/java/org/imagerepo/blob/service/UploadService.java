package org.imagerepo.blob.service;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.client.AccountingClient;
import org.imagerepo.blob.client.CatalogClient;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.client.Reservation;
import org.imagerepo.blob.messaging.BlobEventPublisher;
import org.imagerepo.blob.messaging.BlobOutbox;
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
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.LimitExceededException;
import org.imagerepo.support.errors.UnavailableException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.transfer.TransferCapability;
import org.jboss.logging.Logger;

import java.io.InputStream;

/**
 * Takes in the bytes of a registered image: checks who may upload, holds quota for them (ADR 10 point 2),
 * streams them to the store while hashing, and announces the outcome. The catalog shows the image as
 * available only after the {@link BlobStored} event, which is sent before the client hears of success.
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

    @Inject
    BlobOutbox outbox;

    @Inject
    AccountingClient accounting;

    /** What a body of unknown length reserves at first, and each time it passes what it reserved. */
    @ConfigProperty(name = "imagerepo.blob.quota-slice", defaultValue = "64M")
    MemorySize quotaSlice;

    @ConfigProperty(name = "imagerepo.blob.max-image-size", defaultValue = "1099511627776")
    long maxImageSize;

    /** Refuses a declared size larger than this repository takes; -1 (unknown) passes. */
    public void requireAcceptableSize(long declaredSize) {
        if (declaredSize > maxImageSize) {
            throw new LimitExceededException("too-large", "Image too large", "The image has " + declaredSize
                    + " bytes; this repository takes images of at most " + maxImageSize + " bytes.");
        }
    }

    /**
     * The first half of a one-hop upload (ADR 16): admits the caller as the image's uploader and holds quota for
     * {@code declaredSize} bytes (-1: unknown, a first slice) until the upload comes with the capability the
     * gateway signs from this, or the reservation expires. The reservation is the upload session.
     */
    public TransferCapability prepare(String imageId, Caller caller, long declaredSize) {
        requireAcceptableSize(declaredSize);
        CatalogImage image = admit(imageId, caller);
        Reservation reservation = accounting.reserve(image.imgId(), reservedFor(declaredSize), caller);
        return TransferCapability.upload(image.imgId(), caller.username(), caller.groups(), caller.role(),
                reservation.reservationId(), declaredSize, null);
    }

    /**
     * The quota an upload capability's reservation holds, claimed for this upload: a capability used before is
     * refused (409 by accounting), as is one whose reservation expired or was released (404).
     */
    public QuotaHold claim(TransferCapability capability) {
        return new QuotaHold(accounting, AccountingClient.Credentials.of(capability), accounting.claim(capability));
    }

    /** Checks, before any byte is read, that {@code user} may upload the bytes of {@code imageId}. */
    public CatalogImage admit(String imageId, Caller caller) {
        CatalogImage image = catalog.find(imageId, caller);
        if (!image.owner().equals(caller.username())) {
            throw new ForbiddenException("Only the owner (" + image.owner() + ") can upload the bytes of image "
                    + imageId + ".");
        }
        if (!image.awaitsBytes()) {
            throw new ConflictException("bytes-exist", "Image " + imageId + " is " + image.imgStatus()
                    + " and already has its bytes; register a new image to upload another file.");
        }
        return image;
    }

    /**
     * Reserves quota for the upload before a byte of it is read: its declared size, or a first slice when
     * the size is unknown. Over quota is accounting's 413 problem; accounting unreachable a 503.
     */
    public QuotaHold reserve(CatalogImage image, Caller caller, long declaredSize) {
        return new QuotaHold(accounting, AccountingClient.Credentials.of(caller),
                accounting.reserve(image.imgId(), reservedFor(declaredSize), caller));
    }

    /** What an upload reserves first: its declared size, or a first slice when the size is unknown. */
    private long reservedFor(long declaredSize) {
        return declaredSize >= 0 ? declaredSize : quotaSlice.asLongValue();
    }

    /**
     * Stores the body within {@code quota}: a body of unknown length is cut off, and nothing of it kept,
     * as soon as accounting refuses to extend the reservation. On success the reservation is kept.
     */
    /** The kind of store new uploads go to. */
    public String storeKind() {
        return stores.uploadStore().kind();
    }

    public UploadResult store(CatalogImage image, String user, InputStream body, long declaredSize, QuotaHold quota) {
        BlobStore store = stores.uploadStore();
        // A declared size is reserved whole, and the store refuses a body that runs past it.
        InputStream metered = declaredSize >= 0 ? body : new QuotaMeteredInputStream(body, quota, quotaSlice.asLongValue());
        ChecksummingInputStream hashed = new ChecksummingInputStream(metered);
        StoredObject stored;
        String sha256;
        String md5;
        try {
            stored = store.put(image.imgId(), hashed, declaredSize);
            sha256 = hashed.sha256();
            md5 = hashed.md5();
        } catch (ObjectExistsException e) {
            throw new ConflictException("upload-in-progress", "The bytes of image " + image.imgId()
                    + " are being uploaded or were already stored; wait for it to become available. If it is still"
                    + " pending in a few minutes, an upload was cut off after its bytes were stored: register the"
                    + " image again (the faulty-images rule removes the stuck one).");
        } catch (StorageException e) {
            throw failed(image, user, store, e, hashed.count(), quota.refusal());
        } finally {
            hashed.release();
        }
        announce(BlobStored.of(user, image.imgId(), stored.location(), stored.size(), sha256, md5), store);
        quota.keep();
        return new UploadResult(image.imgId(), stored.size(), sha256, md5, stored.location());
    }

    /** Announces a failed write (nothing of it was kept) and says what to answer; other failures go on. */
    private RuntimeException failed(CatalogImage image, String user, BlobStore store, StorageException e, long received,
                                    ProblemException quotaRefusal) {
        if (quotaRefusal != null) {
            // The body passed its reservation and accounting would not extend it: the store dropped the write.
            outbox.append(BlobFailed.of(user, image.imgId(), "cut off after " + received + " bytes: "
                    + quotaRefusal.getMessage(), received));
            return quotaRefusal;
        }
        if (e instanceof IncompleteDataException) {
            outbox.append(BlobFailed.of(user, image.imgId(), e.getMessage(), received));
            return new InvalidRequestException("incomplete-upload", "The upload of image " + image.imgId()
                    + " did not complete (" + e.getMessage() + "); nothing was kept. Upload the file again.");
        }
        if (e instanceof StorageUnavailableException unavailable) {
            outbox.append(BlobFailed.of(user, image.imgId(), "image store unavailable", received));
            return StoreProblems.unavailable(store, unavailable, "nothing was kept");
        }
        throw e;
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
            throw new UnavailableException("events-unavailable",
                    "The bytes could not be recorded (the event bus is unavailable); nothing was kept. Try again later.");
        }
    }
}
