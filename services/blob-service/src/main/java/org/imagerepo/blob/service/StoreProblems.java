package org.imagerepo.blob.service;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.support.errors.UnavailableException;

/** The answers to storage failures that upload, download and copy share. */
final class StoreProblems {

    private StoreProblems() {
    }

    /** The store is down; {@code consequence} tells the client what became of its request. */
    static UnavailableException unavailable(BlobStore store, StorageUnavailableException e, String consequence) {
        return new UnavailableException("store-unavailable", "The '" + store.kind() + "' image store is unavailable ("
                + e.getMessage() + "); " + consequence + ". Try again later.", e);
    }
}
