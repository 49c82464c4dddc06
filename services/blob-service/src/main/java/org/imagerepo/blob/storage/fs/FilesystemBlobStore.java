package org.imagerepo.blob.storage.fs;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BoundedInputStream;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.Capability;
import org.imagerepo.blob.storage.FailureTranslatingInputStream;
import org.imagerepo.blob.storage.ObjectExistsException;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.ObjectKeys;
import org.imagerepo.blob.storage.ObjectStat;
import org.imagerepo.blob.storage.PendingCleanups;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;
import org.imagerepo.blob.storage.UploadStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Images as files on a POSIX filesystem. An upload is written under {@code incoming/}, forced to disk,
 * then hard-linked into {@code objects/}: the link appears whole or not at all, and fails rather than
 * overwrite. Locations look like {@code fs:///ab/<key>}, relative to the root, so the root can move.
 */
public class FilesystemBlobStore implements BlobStore {

    public static final String KIND = "fs";
    private static final String PREFIX = KIND + ":///";
    private static final int CHUNK = 1 << 20;

    private static final long ROOT_CHECK_INTERVAL = 1 << 20;

    private final Path root;
    private final Path objects;
    private final Path incoming;
    private final PendingCleanups cleanups = new PendingCleanups();

    public FilesystemBlobStore(Path root) {
        this.root = root;
        this.objects = root.resolve("objects");
        this.incoming = root.resolve("incoming");
        try {
            Files.createDirectories(objects);
            Files.createDirectories(incoming);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot create the image store under " + root + ": " + e, e);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.allOf(Capability.class);
    }

    @Override
    public String locationOf(String key) {
        checkKey(key);
        return PREFIX + shard(key) + "/" + key;
    }

    @Override
    public StoredObject put(String key, InputStream data, long expectedSize) {
        Path target = pathOf(locationOf(key));
        cleanups.retry();
        requireRoot();
        if (Files.exists(target)) {
            throw new ObjectExistsException("an object is already stored under " + key);
        }
        Path partial = incoming.resolve(UUID.randomUUID() + ".part");
        boolean linked = false;
        try {
            long size = write(new UploadStream(data, expectedSize), partial);
            // Not createDirectories: on a vanished mount that would plant a fresh, empty root.
            createDirectoryIfMissing(target.getParent());
            Files.createLink(target, partial);
            linked = true;
            forceDirectory(target.getParent());
            return new StoredObject(locationOf(key), size);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectExistsException("an object is already stored under " + key, e);
        } catch (IOException e) {
            if (linked) {
                deleteQuietly(target);
            }
            throw new StorageUnavailableException("cannot write to the image store under " + root + ": " + e, e);
        } finally {
            cleanups.runOrKeep("partial upload " + partial, () -> {
                requireRoot(); // moved away with the root: remove it once the root is back
                Files.deleteIfExists(partial);
            });
        }
    }

    private static long write(UploadStream data, Path partial) throws IOException {
        byte[] chunk = new byte[CHUNK];
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            WriteBehind toDisk = new WriteBehind(() -> out.force(false));
            int n;
            while ((n = data.readChunk(chunk)) > 0) {
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                toDisk.written(n);
            }
            // Durable before visible: the image must survive a power cut once we said it is stored.
            toDisk.finish();
        }
        return data.count();
    }

    @Override
    public InputStream open(String location, ByteRange range) {
        Path path = pathOf(location);
        requireRoot();
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            InputStream in = new RootWatchingInputStream(Channels.newInputStream(channel));
            if (range != null) {
                channel.position(range.first());
                in = new BoundedInputStream(in, range.length());
            }
            return new FailureTranslatingInputStream(in, e -> new StorageUnavailableException(
                    "reading " + location + " failed: " + e.getMessage(), e));
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException("nothing is stored at " + location, e);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Path> localFile(String location) {
        Path path = pathOf(location);
        requireRoot();
        if (!Files.isRegularFile(path)) {
            throw new ObjectNotFoundException("nothing is stored at " + location);
        }
        return Optional.of(path);
    }

    @Override
    public Optional<ObjectStat> stat(String location) {
        requireRoot();
        try {
            BasicFileAttributes attributes = Files.readAttributes(pathOf(location), BasicFileAttributes.class);
            return Optional.of(new ObjectStat(location, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot stat " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String location) {
        requireRoot();
        try {
            return Files.deleteIfExists(pathOf(location));
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot delete " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkReady() {
        if (!Files.isDirectory(objects) || !Files.isWritable(objects) || !Files.isWritable(incoming)) {
            throw new StorageUnavailableException("the image store directory " + objects + " is missing or not writable");
        }
        cleanups.retry();
    }

    /** A root that vanished (an unmounted volume) is an outage, never an empty store. */
    private void requireRoot() {
        if (!Files.isDirectory(objects)) {
            throw new StorageUnavailableException("the image store directory " + objects
                    + " is gone (is its volume mounted?)");
        }
    }

    /**
     * An open file stays readable after its volume was lazily unmounted or moved; a reader checks the
     * root now and then so that it notices, as it would on a network filesystem.
     */
    private final class RootWatchingInputStream extends FilterInputStream {

        private long sinceCheck;

        RootWatchingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (sinceCheck >= ROOT_CHECK_INTERVAL) {
                sinceCheck = 0;
                if (!Files.isDirectory(objects)) {
                    throw new IOException("the image store directory " + objects + " vanished");
                }
            }
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                sinceCheck += n;
            }
            return n;
        }
    }

    /**
     * Removes partial files that no upload has written to for {@code idle}: leftovers of a crash.
     * Live uploads write continuously, so they are never that idle.
     */
    public int sweepAbandonedUploads(Duration idle) {
        Instant cutoff = Instant.now().minus(idle);
        int removed = 0;
        try (Stream<Path> parts = Files.list(incoming)) {
            for (Path part : (Iterable<Path>) parts::iterator) {
                if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff) && Files.deleteIfExists(part)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot sweep " + incoming + ": " + e.getMessage(), e);
        }
        return removed;
    }

    /** Number of partial uploads now on disk (for tests and metrics). */
    public long partialUploads() {
        try (Stream<Path> parts = Files.list(incoming)) {
            return parts.count();
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot list " + incoming, e);
        }
    }

    private Path pathOf(String location) {
        if (location == null || !location.startsWith(PREFIX)) {
            throw new StorageException("not a location of this filesystem store: " + location);
        }
        String relative = location.substring(PREFIX.length());
        int slash = relative.indexOf('/');
        String key = slash < 0 ? "" : relative.substring(slash + 1);
        checkKey(key);
        if (!relative.equals(shard(key) + "/" + key)) {
            throw new StorageException("malformed location: " + location);
        }
        return objects.resolve(shard(key)).resolve(key);
    }

    private static void checkKey(String key) {
        ObjectKeys.check(key);
    }

    /** Two characters of the key spread objects over up to 4096 directories. */
    private static String shard(String key) {
        return key.length() >= 2 ? key.substring(0, 2).toLowerCase(java.util.Locale.ROOT) : "_" + key;
    }

    private static void createDirectoryIfMissing(Path directory) throws IOException {
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            // another upload made it first
        }
    }

    private static void forceDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // swept later by sweepAbandonedUploads
        }
    }
}
