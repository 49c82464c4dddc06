package org.imagerepo.blob.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.blob.client.CatalogClient;
import org.imagerepo.blob.client.CatalogImage;
import org.imagerepo.blob.messaging.BlobEventPublisher;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.Capability;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.events.ImageAccessed;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;

import java.io.InputStream;

/** Serves the bytes of images a user may see, whole or by range, and reports each finished download. */
@ApplicationScoped
public class DownloadService {

    @Inject
    CatalogClient catalog;

    @Inject
    BlobStore store;

    @Inject
    BlobEventPublisher events;

    /** Resolves what to send; the bytes are opened only by {@link #open}. */
    public Download prepare(String imageId, String user, String rangeHeader) {
        CatalogImage image = catalog.find(imageId, user);
        if (!image.hasBytes()) {
            throw ProblemException.conflict("no-bytes", "Image " + imageId + " is " + image.imgStatus() + ": "
                    + ("failed".equals(image.imgStatus()) ? "its upload failed; its owner can upload the file again."
                    : "its bytes have not been uploaded yet."));
        }
        long size = image.size() == null ? 0 : image.size();
        // A store without ranged reads serves the whole image, which RFC 9110 allows for any Range request.
        ByteRange range = store.capabilities().contains(Capability.RANGED_READ) ? RangeHeader.parse(rangeHeader, size) : null;
        return new Download(image, range, size);
    }

    public InputStream open(Download download) {
        try {
            return store.open(download.image().imgURI(), download.range());
        } catch (ObjectNotFoundException e) {
            throw new ProblemException(Problem.of(500, "bytes-missing", "Image bytes missing",
                    "The bytes of image " + download.image().imgId() + " are missing from the image store; "
                            + "tell an administrator."), e);
        } catch (StorageUnavailableException e) {
            throw ProblemException.unavailable("store-unavailable",
                    "The image store is unavailable (" + e.getMessage() + "); try again later.");
        }
    }

    /** Announces a finished transfer: a whole download counts as an access of the image. */
    public void completed(Download download, String user, long bytesSent) {
        events.publish(ImageAccessed.of(user, download.image().imgId(), bytesSent, download.range() == null));
    }

    /** One resolved download: the image, the range asked for (null: whole), and the image's size. */
    public record Download(CatalogImage image, ByteRange range, long size) {

        public long length() {
            return range == null ? size : range.length();
        }
    }
}
