package org.imagerepo.blob.storage;

/**
 * How a Storage Access plugin comes to life: one {@code @ApplicationScoped} bean per kind of store. The
 * service asks only the providers of the kinds listed in {@code imagerepo.blob.stores}, at startup, so a
 * plugin whose server is not configured costs nothing and a configured one fails fast.
 */
public interface BlobStoreProvider {

    /** The kind this provider makes, e.g. {@code s3}; also the scheme of the store's locations. */
    String kind();

    /**
     * Makes the store from the plugin's own settings ({@code imagerepo.blob.<kind>.*} and any client
     * settings it relies on).
     *
     * @throws StorageConfigurationException naming the setting, when one is missing or wrong; a store
     *                                       that is configured right but cannot be reached now is made
     *                                       anyway and reports not-ready through {@link BlobStore#checkReady()}
     */
    BlobStore create();
}
