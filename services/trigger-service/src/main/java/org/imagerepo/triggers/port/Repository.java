package org.imagerepo.triggers.port;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the rules do to the image repository, and nothing more. Implemented through the gateway with the Java
 * client library (ADR 10: the service is a client like any other, so the repository's checks apply to it).
 * Every method throws {@link RepositoryException} when the repository refuses or cannot be reached.
 */
public interface Repository {

    /** Images per page when {@link #forEachImage} walks the catalog. */
    int PAGE = 500;

    /** The image, or empty if there is none. */
    Optional<RepositoryImage> find(String imageId);

    /** One page of every image, in the catalog's order. */
    List<RepositoryImage> page(int offset, int limit);

    /**
     * Copies the image's bytes to {@code store} and waits until the catalog lists the copy.
     *
     * @return the new copy's location
     */
    String copy(String imageId, String store, Duration timeout);

    /** Removes the copy at {@code location} (another copy stays). */
    void removeLocation(String imageId, String location);

    /**
     * Reads every copy of the image's bytes back and compares it with the catalog's size and SHA-256 (as long as
     * downloading each copy).
     *
     * @return one check per copy
     */
    List<CopyCheck> verify(String imageId);

    /** Sets the image's status to failed, with {@code note} added to its description. */
    void markFailed(String imageId, String note);

    /** Removes the image and all its bytes. */
    void remove(String imageId);

    /**
     * Hands every image to {@code visitor}, a page at a time. Acting on the images is for after the walk:
     * removing while paging would shift the pages.
     */
    default void forEachImage(Consumer<RepositoryImage> visitor) {
        for (int offset = 0; ; offset += PAGE) {
            List<RepositoryImage> page = page(offset, PAGE);
            page.forEach(visitor);
            if (page.size() < PAGE) {
                return;
            }
        }
    }
}
