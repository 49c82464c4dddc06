package org.imagerepo.blob.storage;

/** An object is already stored under the key; stores never overwrite. */
public class ObjectExistsException extends StorageException {

    public ObjectExistsException(String message) {
        super(message);
    }

    public ObjectExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
