package org.imagerepo.blob.storage;

import org.imagerepo.blob.storage.fs.FilesystemBlobStore;
import org.imagerepo.blob.storage.gridfs.GridFsBlobStoreProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the configured stores come to be: the first takes uploads; a bad setting stops the service, named. */
class BlobStoresTest {

    @TempDir
    Path root;

    private BlobStoreProvider fs() {
        return provider("fs", () -> new FilesystemBlobStore(root));
    }

    private static BlobStoreProvider provider(String kind, java.util.function.Supplier<BlobStore> make) {
        return new BlobStoreProvider() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public BlobStore create() {
                return make.get();
            }
        };
    }

    @Test
    void theFirstKindListedTakesUploadsAndLocationsFindTheirStore() {
        BlobStores stores = new BlobStores(List.of(" fs "), List.of(fs()));
        assertEquals("fs", stores.uploadStore().kind());
        assertEquals(List.of("fs"), stores.kinds());
        assertTrue(stores.forLocation("fs:///ab/abc").isPresent());
        assertTrue(stores.forLocation("s3:///bucket/abc").isEmpty());
        assertTrue(stores.forLocation("no-scheme").isEmpty());
    }

    @Test
    void anUnknownKindNamesTheSettingAndTheKindsAvailable() {
        StorageConfigurationException e = assertThrows(StorageConfigurationException.class,
                () -> new BlobStores(List.of("fs", "ceph"), List.of(fs())));
        assertTrue(e.getMessage().contains("imagerepo.blob.stores"), e.getMessage());
        assertTrue(e.getMessage().contains("'ceph'"), e.getMessage());
        assertTrue(e.getMessage().contains("[fs]"), e.getMessage());
    }

    @Test
    void anEmptyOrRepeatedListIsRefused() {
        assertThrows(StorageConfigurationException.class, () -> new BlobStores(List.of(" "), List.of(fs())));
        assertThrows(StorageConfigurationException.class, () -> new BlobStores(List.of("fs", "fs"), List.of(fs())));
    }

    @Test
    void aPluginsBadSettingStopsTheServiceWithTheSettingNamed() {
        BlobStoreProvider broken = provider("gridfs", () -> {
            throw new StorageConfigurationException("imagerepo.blob.gridfs.connection-string is not set");
        });
        StorageConfigurationException e = assertThrows(StorageConfigurationException.class,
                () -> new BlobStores(List.of("fs", "gridfs"), List.of(fs(), broken)));
        assertTrue(e.getMessage().contains("'gridfs' store listed in imagerepo.blob.stores"), e.getMessage());
        assertTrue(e.getMessage().contains("imagerepo.blob.gridfs.connection-string"), e.getMessage());
    }

    @Test
    void aMalformedMongoConnectionStringIsAConfigurationErrorWithoutThePassword() {
        GridFsBlobStoreProvider provider = new GridFsBlobStoreProvider();
        StorageConfigurationException e = assertThrows(StorageConfigurationException.class,
                () -> provider.createFrom("mongodb://user:s3cret@", "imagerepo", "images", 1 << 20));
        assertTrue(e.getMessage().contains("imagerepo.blob.gridfs.connection-string"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
