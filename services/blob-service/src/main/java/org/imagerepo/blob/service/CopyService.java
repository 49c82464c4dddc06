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
import org.imagerepo.events.BlobRemoved;
import org.imagerepo.events.BlobStored;
import org.imagerepo.support.errors.ConflictException;
import org.imagerepo.support.errors.DependencyFailedException;
import org.imagerepo.support.errors.ForbiddenException;
import org.imagerepo.support.errors.InternalFaultException;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.errors.NotFoundException;
import org.imagerepo.support.errors.UnavailableException;
import org.imagerepo.support.identity.Caller;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Copies an image's bytes into another configured store (ADR 6): streams them from an existing copy,
 * checks the SHA-256 against the catalog's, and announces the new location as an upload does. Also
 * removes one copy of an image that has others (ADR 10 point 5). Copies take no quota: usage counts an
 * image once, whatever the number of its copies.
 */
@ApplicationScoped
public class CopyService {

    private static final Logger LOG = Logger.getLogger(CopyService.class);

    @Inject
    CatalogClient catalog;

    @Inject
    BlobStores stores;

    @Inject
    DownloadService downloads;

    @Inject
    UploadService uploads;

    @Inject
    BlobEventPublisher events;

    public CopyResult copy(String imageId, Caller caller, String kind) {
        String user = caller.username();
        if (kind == null || kind.isBlank()) {
            throw new InvalidRequestException("unknown-store", "Say which store to copy image " + imageId
                    + " into, e.g. {\"store\": \"s3\"}; the stores configured are " + stores.kinds() + ".");
        }
        BlobStore target = downloads.configured(kind);
        CatalogImage image = ownersImage(imageId, caller, "copy");
        if (!image.hasBytes()) {
            throw new ConflictException("no-bytes", "Image " + imageId + " is " + image.imgStatus()
                    + ": it has no bytes to copy yet.");
        }
        image.locationIn(kind).ifPresent(l -> {
            throw new ConflictException("copy-exists", "Image " + imageId + " already has a copy in the '" + kind
                    + "' store, at " + l + ".");
        });
        DownloadService.Copy source = downloads.firstReadableCopy(image);
        StoredObject stored;
        InputStream in = openSource(image, source);
        ChecksummingInputStream hashed = new ChecksummingInputStream(in);
        String sha256;
        String md5;
        try {
            stored = target.put(imageId, hashed, image.size() == null ? -1 : image.size());
            sha256 = hashed.sha256();
            md5 = hashed.md5();
        } catch (ObjectExistsException e) {
            throw new ConflictException("copy-in-progress", "A copy of image " + imageId + " is already stored in the '"
                    + kind + "' store or being made; wait for the catalog to list it.");
        } catch (IncompleteDataException e) {
            throw new DependencyFailedException("copy-failed", "Copy failed", "Reading the copy of image " + imageId
                    + " at " + source.location() + " failed (" + e.getMessage() + "); nothing was kept in '" + kind
                    + "'. Try again later.", e);
        } catch (StorageUnavailableException e) {
            throw StoreProblems.unavailable(target, e, "nothing was kept");
        } finally {
            hashed.release();
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing the source of a copy failed: %s", e.getMessage());
            }
        }
        if (image.sha256() != null && !image.sha256().equals(sha256)) {
            LOG.errorf("the copy of %s from %s to %s has SHA-256 %s, the catalog says %s", imageId, source.location(),
                    stored.location(), sha256, image.sha256());
            deleteQuietly(target, stored.location());
            throw new DependencyFailedException("copy-corrupt", "Copy corrupt", "The copy of image " + imageId
                    + " read from " + source.location() + " has SHA-256 " + sha256 + ", not the catalog's " + image.sha256()
                    + "; it was deleted. The source copy may be damaged: tell an administrator.");
        }
        uploads.announce(BlobStored.of(user, imageId, stored.location(), stored.size(), sha256, md5), target);
        return new CopyResult(imageId, kind, stored.location(), stored.size(), sha256);
    }

    /**
     * Removes the copy at {@code location}, one of the image's locations as the catalog lists them, and
     * announces it (BlobRemoved, acknowledged by Kafka) so that the catalog drops it. The last copy stays:
     * removing it is removing the image. Removing again after a failed announcement completes the job.
     */
    public void remove(String imageId, Caller caller, String location) {
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("missing-location", "Say which copy of image " + imageId
                    + " to remove: ?uri=<one of its locations>.");
        }
        CatalogImage image = ownersImage(imageId, caller, "remove a copy of");
        if (!image.locations().contains(location)) {
            throw new NotFoundException("Image " + imageId + " has no copy at " + location + "; its copies are at "
                    + image.locations() + ".");
        }
        if (image.locations().size() == 1) {
            throw new ConflictException("last-copy", location + " is the only copy of image " + imageId
                    + "; to remove it, remove the image instead (imagerepo remove " + imageId + ").");
        }
        BlobStore store = stores.forLocation(location).orElseThrow(() -> new InternalFaultException(
                "store-not-configured", "Image store not configured", "The copy of image " + imageId + " at " + location
                        + " is in none of the stores this blob-service is configured with (" + stores.kinds()
                        + "), so it cannot be removed here; tell an administrator."));
        try {
            if (!store.delete(location)) {
                LOG.infof("the copy of %s at %s was gone already", imageId, location);
            }
        } catch (StorageUnavailableException e) {
            throw StoreProblems.unavailable(store, e, "the copy was not removed");
        } catch (StorageException e) {
            throw new InternalFaultException("bad-location", "Bad location", "The '" + store.kind() + "' store cannot remove "
                    + location + " (" + e.getMessage() + "); tell an administrator.", e);
        }
        try {
            events.publishAndAwait(BlobRemoved.of(caller.username(), imageId, location));
        } catch (RuntimeException e) {
            LOG.warnf("removed %s of image %s but could not announce it: %s", location, imageId, e.getMessage());
            throw new UnavailableException("events-unavailable", "The copy of image " + imageId + " at " + location
                    + " was deleted, but the catalog could not be told (the event bus is unavailable). Remove it again"
                    + " later to finish.");
        }
    }

    /** The image, if {@code caller} owns it or is an administrator; others get the catalog's 404 or are forbidden. */
    private CatalogImage ownersImage(String imageId, Caller caller, String action) {
        CatalogImage image = catalog.find(imageId, caller);
        if (!image.owner().equals(caller.username()) && !caller.isAdmin()) {
            throw new ForbiddenException("Only the owner (" + image.owner() + ") or an administrator can " + action
                    + " image " + imageId + ".");
        }
        return image;
    }

    private InputStream openSource(CatalogImage image, DownloadService.Copy source) {
        InputStream in = downloads.open(image, source, null, "nothing was copied");
        // A failing source is the copy's incomplete input, not an outage of the target store.
        return new FilterInputStream(in) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    return super.read(buffer, offset, length);
                } catch (StorageException e) {
                    throw new IOException("the '" + source.store().kind() + "' store failed: " + e.getMessage(), e);
                }
            }
        };
    }

    private static void deleteQuietly(BlobStore store, String location) {
        try {
            store.delete(location);
        } catch (StorageException e) {
            LOG.warnf("could not delete the corrupt copy %s: %s", location, e.getMessage());
        }
    }
}
