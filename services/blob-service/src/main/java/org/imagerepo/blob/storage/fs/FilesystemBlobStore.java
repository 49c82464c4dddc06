package org.imagerepo.blob.storage.fs;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.Capability;
import org.imagerepo.blob.storage.IncompleteDataException;
import org.imagerepo.blob.storage.ObjectExistsException;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.ObjectStat;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;

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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Images as files on a POSIX filesystem. An upload is written under {@code incoming/}, forced to disk,
 * then hard-linked into {@code objects/}: the link appears whole or not at all, and fails rather than
 * overwrite. Locations look like {@code fs:///ab/<key>}, relative to the root, so the root can move.
 */
public class FilesystemBlobStore implements BlobStore {

    public static final String KIND = "fs";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final String PREFIX = KIND + ":///";
    private static final int CHUNK = 1 << 20;

    private final Path objects;
    private final Path incoming;

    public FilesystemBlobStore(Path root) {
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
        if (Files.exists(target)) {
            throw new ObjectExistsException("an object is already stored under " + key);
        }
        Path partial = incoming.resolve(UUID.randomUUID() + ".part");
        try {
            long size = write(data, partial, expectedSize);
            Files.createDirectories(target.getParent());
            Files.createLink(target, partial);
            forceDirectory(target.getParent());
            return new StoredObject(locationOf(key), size);
        } catch (FileAlreadyExistsException e) {
            throw new ObjectExistsException("an object is already stored under " + key, e);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot write to the image store: " + e.getMessage(), e);
        } finally {
            deleteQuietly(partial);
        }
    }

    private static long write(InputStream data, Path partial, long expectedSize) throws IOException {
        long size = 0;
        byte[] chunk = new byte[CHUNK];
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (true) {
                int n;
                try {
                    n = data.read(chunk);
                } catch (IOException e) {
                    throw new IncompleteDataException("the upload stream failed after " + size + " bytes: "
                            + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                size += n;
                if (expectedSize >= 0 && size > expectedSize) {
                    throw new IncompleteDataException("the upload ran past its announced size of " + expectedSize + " bytes");
                }
                ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, n);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            if (expectedSize >= 0 && size != expectedSize) {
                throw new IncompleteDataException("the upload ended after " + size + " of " + expectedSize + " bytes");
            }
            // Durable before visible: the image must survive a power cut once we said it is stored.
            out.force(false);
        }
        return size;
    }

    @Override
    public InputStream open(String location, ByteRange range) {
        Path path = pathOf(location);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            if (range == null) {
                return Channels.newInputStream(channel);
            }
            channel.position(range.first());
            return new BoundedInputStream(Channels.newInputStream(channel), range.length());
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException("nothing is stored at " + location, e);
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot read " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<ObjectStat> stat(String location) {
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
        if (!KEY.matcher(key).matches()) {
            throw new StorageException("invalid object key '" + key + "'");
        }
    }

    /** Two characters of the key spread objects over up to 4096 directories. */
    private static String shard(String key) {
        return key.length() >= 2 ? key.substring(0, 2).toLowerCase(java.util.Locale.ROOT) : "_" + key;
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
