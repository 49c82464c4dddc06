package org.imagerepo.blob.storage.fs;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreConformanceTest;
import org.imagerepo.blob.storage.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilesystemBlobStoreTest extends BlobStoreConformanceTest {

    @TempDir
    Path root;

    @Override
    protected BlobStore newStore() {
        return new FilesystemBlobStore(root);
    }

    @Override
    protected long partialUploads() {
        return ((FilesystemBlobStore) store).partialUploads();
    }

    /** The volume goes away: the root moves aside, as an unmounted or failed mount would. */
    @Override
    protected void stopServer() throws Exception {
        Files.move(root, away());
    }

    @Override
    protected void startServer() throws Exception {
        if (Files.exists(away())) {
            Files.move(away(), root);
        }
    }

    private Path away() {
        return root.resolveSibling(root.getFileName() + ".away");
    }

    @Test
    void locationsAreRelativeToTheRootAndShardedByKey() {
        assertEquals("fs:///ab/abcdef", store.locationOf("abcdef"));
        store.put("abcdef", new ByteArrayInputStream(new byte[]{1}), 1);
        assertTrue(Files.exists(root.resolve("objects/ab/abcdef")));
    }

    @Test
    void locationsThatEscapeTheRootAreRefused() {
        assertThrows(StorageException.class, () -> store.open("fs:///../etc/passwd", null));
        assertThrows(StorageException.class, () -> store.open("fs:///et/../../etc/passwd", null));
        assertThrows(StorageException.class, () -> store.locationOf("../x"));
        assertThrows(StorageException.class, () -> store.open("s3://bucket/key", null));
    }

    @Test
    void onlyIdlePartialUploadsAreSwept() throws Exception {
        FilesystemBlobStore filesystem = (FilesystemBlobStore) store;
        Path stale = Files.writeString(root.resolve("incoming/stale.part"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path live = Files.writeString(root.resolve("incoming/live.part"), "y");
        assertEquals(1, filesystem.sweepAbandonedUploads(Duration.ofMinutes(10)));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(live));
    }

    @Test
    void aStoreWhoseDirectoryVanishedIsNotReady() throws Exception {
        try (var files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThrows(StorageException.class, store::checkReady);
    }
}
