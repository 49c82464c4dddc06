package org.imagerepo.blob.storage;

/** The family of storage failures; each subclass has its own meaning for the caller. */
public class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
