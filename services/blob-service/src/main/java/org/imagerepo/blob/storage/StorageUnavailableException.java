package org.imagerepo.blob.storage;

/** The storage system cannot be reached or refused to serve; retrying later may work. */
public class StorageUnavailableException extends StorageException {

    public StorageUnavailableException(String message) {
        super(message);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
