package org.imagerepo.blob.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.client.CatalogClient;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.messaging.BlobOutbox;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.Capability;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.InternalFaultException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.transfer.TransferCapability;
import org.imagerepo.vocabulary.ImageStatus;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Serves the bytes of images a user may see, whole or by range, and reports each finished download. */
@ApplicationScoped
public class DownloadService {

    @Inject
    CatalogClient catalog;

    @Inject
    BlobStores stores;

    @Inject
    BlobOutbox outbox;

    /** How many times a read the store failed (on open or part-way) is tried again, from where it broke off. */
    @ConfigProperty(name = "imagerepo.blob.read.retries", defaultValue = "4")
    int readRetries;

    /** The pause before the first retry of a read; it doubles with each further one. */
    @ConfigProperty(name = "imagerepo.blob.read.retry-pause", defaultValue = "250ms")
    Duration readRetryPause;

    /**
     * Resolves what to send; the bytes are opened only by {@link #open}.
     *
     * @param storeKind the store whose copy to read, or null for the first copy in a configured store
     */
    public Download prepare(String imageId, Caller caller, String rangeHeader, String storeKind) {
        return prepare(catalog.find(imageId, caller), rangeHeader, storeKind);
    }

    /** As {@link #prepare}, for the copy at {@code location} (the paper's retrieval by URI). */
    public Download prepareAt(String location, Caller caller, String rangeHeader) {
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("missing-location", "Say which image: ?uri=<its imgURI or one of its locations>.");
        }
        CatalogImage image = catalog.findAt(location, caller);
        return prepare(image, rangeHeader, location.substring(0, Math.max(0, location.indexOf(':'))));
    }

    private Download prepare(CatalogImage image, String rangeHeader, String storeKind) {
        String imageId = image.imgId();
        if (!image.hasBytes()) {
            throw new ConflictException("no-bytes", "Image " + imageId + " is " + image.imgStatus() + ": "
                    + (image.uploadFailed() ? "its upload failed; its owner can upload the file again."
                    : "its bytes have not been uploaded yet."));
        }
        Copy copy = storeKind == null ? firstReadableCopy(image) : copyIn(image, storeKind);
        long size = image.size() == null ? 0 : image.size();
        // A store without ranged reads serves the whole image, which RFC 9110 allows for any Range request.
        ByteRange range = copy.store().capabilities().contains(Capability.RANGED_READ)
                ? RangeHeader.parse(rangeHeader, size) : null;
        return new Download(image, copy.store(), copy.location(), range, size);
    }

    /** The unsigned capability to download what {@code download} resolved, as {@code caller} (ADR 16). */
    public TransferCapability prepareGrant(Download download, Caller caller) {
        CatalogImage image = download.image();
        return TransferCapability.download(image.imgId(), caller.username(), caller.groups(), caller.role(),
                download.location(), download.size(), image.sha256(), image.name(), null);
    }

    /**
     * What a download capability lets its bearer read: the copy it names, whole or {@code rangeHeader}'s part.
     * The catalog is not asked again: the gateway vouched for what blob-service resolved a moment ago.
     */
    public Download prepare(TransferCapability granted, String rangeHeader) {
        String location = granted.location();
        CatalogImage image = new CatalogImage(granted.imageId(), granted.name(), null, ImageStatus.AVAILABLE.wire(),
                location, granted.size(), granted.sha256(), List.of(location));
        return prepare(image, rangeHeader, location.substring(0, Math.max(0, location.indexOf(':'))));
    }

    public InputStream open(Download download) {
        return open(download.image(), new Copy(download.store(), download.location()), download.range(), "nothing was sent");
    }

    /** The file to send zero-copy, when the download's store keeps the bytes in one on this machine. */
    public Optional<Path> localFile(Download download) {
        try {
            return download.store().localFile(download.location());
        } catch (ObjectNotFoundException e) {
            throw bytesMissing(download.image(), download.store(), download.location(), e);
        } catch (StorageUnavailableException e) {
            throw StoreProblems.unavailable(download.store(), e, "nothing was sent");
        }
    }

    /**
     * Opens one copy of an image, whole or a range; a missing object or a store that is down become the
     * answers a client can act on ({@code consequence} says what became of its request).
     */
    InputStream open(CatalogImage image, Copy copy, ByteRange range, String consequence) {
        BlobStore store = copy.store();
        long size = image.size() == null ? 0 : image.size();
        try {
            if (!store.capabilities().contains(Capability.RANGED_READ) || size == 0) {
                return store.open(copy.location(), range);
            }
            return new ResumingInputStream(r -> store.open(copy.location(), r), range, size, readRetries,
                    readRetryPause);
        } catch (ObjectNotFoundException e) {
            throw bytesMissing(image, copy.store(), copy.location(), e);
        } catch (StorageUnavailableException e) {
            throw StoreProblems.unavailable(copy.store(), e, consequence);
        }
    }

    private static InternalFaultException bytesMissing(CatalogImage image, BlobStore store, String location,
                                                       ObjectNotFoundException e) {
        return new InternalFaultException("bytes-missing", "Image bytes missing", "The bytes of image " + image.imgId()
                + " are missing from the '" + store.kind() + "' image store (" + location + "); tell an administrator.", e);
    }

    /**
     * Announces a finished transfer (a whole download counts as an access of the image) through the outbox: the
     * bytes are with the client's connection, and a crash now must not lose the access.
     */
    public void completed(Download download, String user, long bytesSent) {
        outbox.append(ImageAccessed.of(user, download.image().imgId(), bytesSent, download.range() == null));
    }

    /** The copy of {@code image} in the store of {@code kind}; refused for a store not configured here. */
    Copy copyIn(CatalogImage image, String kind) {
        BlobStore store = configured(kind);
        return image.locationIn(kind).map(l -> new Copy(store, l))
                .orElseThrow(() -> new NotFoundException("Image " + image.imgId() + " has no copy in the '" + kind
                        + "' store; its copies are at " + image.locations() + "."));
    }

    /** The first copy of {@code image} in a store this service is configured with. */
    Copy firstReadableCopy(CatalogImage image) {
        for (String location : image.locations()) {
            BlobStore store = stores.forLocation(location).orElse(null);
            if (store != null) {
                return new Copy(store, location);
            }
        }
        throw new InternalFaultException("store-not-configured", "Image store not configured",
                "The bytes of image " + image.imgId() + " are at " + image.locations()
                        + ", in none of the stores this blob-service is configured with (" + stores.kinds()
                        + "); tell an administrator.");
    }

    /** The configured store of {@code kind}; refused naming the configured ones otherwise. */
    BlobStore configured(String kind) {
        return stores.byKind(kind).orElseThrow(() -> new InvalidRequestException("unknown-store",
                "There is no image store '" + kind + "' here; the stores configured are " + stores.kinds() + "."));
    }

    /** One copy of an image's bytes: where it is and the store that reads it. */
    record Copy(BlobStore store, String location) {
    }

    /** One resolved download: the image, the copy to read, the range asked for (null: whole), and the size. */
    public record Download(CatalogImage image, BlobStore store, String location, ByteRange range, long size) {

        public long length() {
            return range == null ? size : range.length();
        }
    }
}
