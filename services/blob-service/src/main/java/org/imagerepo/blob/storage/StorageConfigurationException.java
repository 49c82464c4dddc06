package org.imagerepo.blob.storage;

/** A plugin's settings are missing or wrong: the service refuses to start rather than degrade. */
public class StorageConfigurationException extends StorageException {

    public StorageConfigurationException(String message) {
        super(message);
    }

    public StorageConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
