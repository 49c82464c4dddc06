package org.imagerepo.triggers.port;

/**
 * One copy of an image's bytes as blob-service read it back.
 *
 * @param location the copy's location
 * @param status   what reading it found
 * @param detail   what was wrong (null when intact)
 */
public record CopyCheck(String location, Status status, String detail) {

    public enum Status {
        /** Size and SHA-256 equal the catalog's. */
        OK,
        /** The store has no such object. */
        MISSING,
        /** Its size or SHA-256 differs from the catalog's. */
        MISMATCH,
        /** The store could not be read: nothing is known of the copy. */
        UNAVAILABLE;

        /** A copy known to be bad, not merely unreadable now. */
        public boolean bad() {
            return this == MISSING || this == MISMATCH;
        }
    }
}
