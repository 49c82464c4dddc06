package org.imagerepo.blob.storage;

/** The data stream ended early, ran past its announced size, or failed while being read. */
public class IncompleteDataException extends StorageException {

    public IncompleteDataException(String message) {
        super(message);
    }

    public IncompleteDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
