package org.imagerepo.blob.storage.swift;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreProvider;
import org.imagerepo.blob.storage.StorageConfigurationException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.jboss.logging.Logger;

/**
 * Makes the OpenStack Swift store from {@code imagerepo.blob.swift.*}: checks the settings, then signs in
 * and creates the containers. Credentials Swift or Keystone refuse stop the service; a Swift that cannot
 * be reached now does not: the store reports not-ready until it answers.
 */
@ApplicationScoped
public class SwiftStoreProvider implements BlobStoreProvider {

    private static final Logger LOG = Logger.getLogger(SwiftStoreProvider.class);

    @Override
    public String kind() {
        return SwiftBlobStore.KIND;
    }

    @Override
    public BlobStore create() {
        Config config = ConfigProvider.getConfig();
        return create(SwiftSettings.read(name -> config.getOptionalValue(name, String.class)));
    }

    /** Makes and prepares the store for {@code settings} (also for tests, outside CDI). */
    public static SwiftBlobStore create(SwiftSettings settings) {
        SwiftBlobStore store = new SwiftBlobStore(settings);
        try {
            store.prepare();
            LOG.infof("Swift image store: %s", settings);
        } catch (SwiftConnection.CredentialsRejectedException e) {
            throw new StorageConfigurationException(e.getMessage(), e);
        } catch (StorageUnavailableException e) {
            LOG.warnf("Swift image store (%s) cannot be reached now, reporting not ready until it answers: %s",
                    settings, e.getMessage());
        }
        return store;
    }
}
