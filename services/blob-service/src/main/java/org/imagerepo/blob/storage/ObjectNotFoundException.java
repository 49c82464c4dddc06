package org.imagerepo.blob.storage;

/** Nothing is stored at a location. */
public class ObjectNotFoundException extends StorageException {

    public ObjectNotFoundException(String message) {
        super(message);
    }

    public ObjectNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
