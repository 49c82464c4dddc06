package org.imagerepo.events;

/** The few topics of the system, named for what they carry. */
public final class Topics {

    /** Image lifecycle, published by catalog-service: registered, updated, deleted. */
    public static final String IMAGES = "imagerepo.images";

    /** Image bytes, published by blob-service: stored, failed. */
    public static final String BLOBS = "imagerepo.blobs";

    /** Downloads, published by blob-service: one event per completed transfer. */
    public static final String ACCESS = "imagerepo.access";

    /** Users' records, published by accounting-service: registered, updated, removed; keyed by user name. */
    public static final String USERS = "imagerepo.users";

    private Topics() {
    }

    public static String topicOf(RepositoryEvent event) {
        // Everything that is neither about bytes nor about a download is image lifecycle.
        if (event instanceof BlobStored || event instanceof BlobFailed) {
            return BLOBS;
        }
        if (event instanceof ImageAccessed) {
            return ACCESS;
        }
        if (event instanceof UserRegistered || event instanceof UserUpdated || event instanceof UserRemoved) {
            return USERS;
        }
        return IMAGES;
    }
}
