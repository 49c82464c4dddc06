package org.imagerepo.blob.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.blob.client.CatalogClient;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStores;
import org.imagerepo.blob.storage.IncompleteDataException;
import org.imagerepo.blob.storage.ObjectExistsException;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;
import org.imagerepo.events.BlobStored;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.Caller;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Copies an image's bytes into another configured store (ADR 6): streams them from an existing copy,
 * checks the SHA-256 against the catalog's, and announces the new location as an upload does.
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

    public CopyResult copy(String imageId, Caller caller, String kind) {
        String user = caller.username();
        if (kind == null || kind.isBlank()) {
            throw ProblemException.badRequest("unknown-store", "Say which store to copy image " + imageId
                    + " into, e.g. {\"store\": \"s3\"}; the stores configured are " + stores.kinds() + ".");
        }
        BlobStore target = downloads.configured(kind);
        CatalogImage image = catalog.find(imageId, caller);
        if (!image.owner().equals(user) && !caller.isAdmin()) {
            throw ProblemException.forbidden("Only the owner (" + image.owner() + ") or an administrator can copy image "
                    + imageId + ".");
        }
        if (!image.hasBytes()) {
            throw ProblemException.conflict("no-bytes", "Image " + imageId + " is " + image.imgStatus()
                    + ": it has no bytes to copy yet.");
        }
        image.locationIn(kind).ifPresent(l -> {
            throw ProblemException.conflict("copy-exists", "Image " + imageId + " already has a copy in the '" + kind
                    + "' store, at " + l + ".");
        });
        DownloadService.Copy source = downloads.firstReadableCopy(image);
        StoredObject stored;
        InputStream in = openSource(image, source);
        ChecksummingInputStream hashed = new ChecksummingInputStream(in);
        try {
            stored = target.put(imageId, hashed, image.size() == null ? -1 : image.size());
        } catch (ObjectExistsException e) {
            throw ProblemException.conflict("copy-in-progress", "A copy of image " + imageId + " is already stored in the '"
                    + kind + "' store or being made; wait for the catalog to list it.");
        } catch (IncompleteDataException e) {
            throw new ProblemException(Problem.of(502, "copy-failed", "Copy failed", "Reading the copy of image "
                    + imageId + " at " + source.location() + " failed (" + e.getMessage() + "); nothing was kept in '"
                    + kind + "'. Try again later."), e);
        } catch (StorageUnavailableException e) {
            throw StoreProblems.unavailable(target, e, "nothing was kept");
        } finally {
            try {
                in.close();
            } catch (IOException | RuntimeException e) {
                LOG.debugf("closing the source of a copy failed: %s", e.getMessage());
            }
        }
        String sha256 = hashed.sha256();
        if (image.sha256() != null && !image.sha256().equals(sha256)) {
            LOG.errorf("the copy of %s from %s to %s has SHA-256 %s, the catalog says %s", imageId, source.location(),
                    stored.location(), sha256, image.sha256());
            deleteQuietly(target, stored.location());
            throw new ProblemException(Problem.of(502, "copy-corrupt", "Copy corrupt", "The copy of image " + imageId
                    + " read from " + source.location() + " has SHA-256 " + sha256 + ", not the catalog's " + image.sha256()
                    + "; it was deleted. The source copy may be damaged: tell an administrator."));
        }
        uploads.announce(BlobStored.of(user, imageId, stored.location(), stored.size(), sha256, hashed.md5()), target);
        return new CopyResult(imageId, kind, stored.location(), stored.size(), sha256);
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
