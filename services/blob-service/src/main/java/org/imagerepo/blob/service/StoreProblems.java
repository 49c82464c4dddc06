package org.imagerepo.blob.service;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;

/** The answers to storage failures that upload, download and copy share. */
final class StoreProblems {

    private StoreProblems() {
    }

    /** 503: the store is down; {@code consequence} tells the client what became of its request. */
    static ProblemException unavailable(BlobStore store, StorageUnavailableException e, String consequence) {
        return new ProblemException(Problem.of(503, "store-unavailable", "Service unavailable",
                "The '" + store.kind() + "' image store is unavailable (" + e.getMessage() + "); " + consequence
                        + ". Try again later."), e);
    }
}
