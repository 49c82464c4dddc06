package org.imagerepo.triggers.port;

/** The repository refused an action or could not be reached; the message says which, for the action row. */
public class RepositoryException extends RuntimeException {

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }

    public RepositoryException(String message) {
        super(message);
    }
}
