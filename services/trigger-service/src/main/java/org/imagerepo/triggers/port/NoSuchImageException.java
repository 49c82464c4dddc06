package org.imagerepo.triggers.port;

/** The image is not in the repository (any more). */
public class NoSuchImageException extends RepositoryException {

    public NoSuchImageException(String imageId, Throwable cause) {
        super("image " + imageId + " does not exist", cause);
    }
}
