package org.imagerepo.blob.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * The Storage Access interface: the one small contract every storage system plugs in behind.
 *
 * <p>A plugin keeps bytes under a key chosen by the service and answers with a location, an opaque URI
 * it owns (no credentials in it) that the catalog records and later hands back. Rules every plugin
 * keeps, checked by the conformance suite:
 * <ul>
 *   <li>{@link #put} reads the stream to its end and makes the object visible only when it is complete;
 *       on any failure nothing of it remains, and an existing object is never overwritten. When the
 *       server went away before the partial write could be removed, the plugin removes it once the
 *       server is back, at the latest on its next write or readiness check ({@link PendingCleanups});</li>
 *   <li>memory stays bounded whatever the size: bytes stream through;</li>
 *   <li>failures are typed ({@link StorageException} and its subclasses), never silently degraded: a
 *       server that cannot be reached, also in the middle of reading a stream returned by {@link #open},
 *       is a {@link StorageUnavailableException} ({@link FailureTranslatingInputStream}).</li>
 * </ul>
 * Checksums are computed by the caller while the bytes pass, so plugins need not. {@link UploadStream}
 * checks the size rules of {@link #put} for a plugin.
 */
public interface BlobStore extends AutoCloseable {

    /** A stable id for this kind of store, e.g. {@code fs}; also the scheme of its locations. */
    String kind();

    Set<Capability> capabilities();

    /** The location an object stored under {@code key} has (whether it exists or not). */
    String locationOf(String key);

    /**
     * Stores the whole stream under {@code key}.
     *
     * @param expectedSize the size the caller announced, or -1 when unknown; a stream that ends short
     *                     of it, or runs past it, fails with {@link IncompleteDataException}
     * @throws ObjectExistsException when an object is already stored under the key
     */
    StoredObject put(String key, InputStream data, long expectedSize);

    /**
     * Opens an object for reading, whole ({@code range == null}) or a byte range of it (needs
     * {@link Capability#RANGED_READ}). The caller closes the stream.
     *
     * @throws ObjectNotFoundException when nothing is stored at the location
     */
    InputStream open(String location, ByteRange range);

    /**
     * A file on this machine that holds exactly the object's bytes, for serving it zero-copy (the kernel
     * sends it to the socket) instead of through {@link #open}; empty for stores that keep bytes elsewhere.
     *
     * @throws ObjectNotFoundException when nothing is stored at the location
     */
    default Optional<Path> localFile(String location) {
        return Optional.empty();
    }

    Optional<ObjectStat> stat(String location);

    /** @return whether something was deleted; deleting what is not there is not an error */
    boolean delete(String location);

    /** Throws {@link StorageUnavailableException} saying why, when the store cannot serve now. */
    void checkReady();

    /** Releases clients and connections; called once, when the service stops. */
    @Override
    default void close() {
    }
}
