package org.imagerepo.blob.storage.gridfs;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSFile;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.ByteRange;
import org.imagerepo.blob.storage.Capability;
import org.imagerepo.blob.storage.FailureTranslatingInputStream;
import org.imagerepo.blob.storage.ObjectExistsException;
import org.imagerepo.blob.storage.ObjectKeys;
import org.imagerepo.blob.storage.ObjectNotFoundException;
import org.imagerepo.blob.storage.ObjectStat;
import org.imagerepo.blob.storage.PendingCleanups;
import org.imagerepo.blob.storage.StorageException;
import org.imagerepo.blob.storage.StorageUnavailableException;
import org.imagerepo.blob.storage.StoredObject;
import org.imagerepo.blob.storage.UploadStream;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Images as MongoDB GridFS files, one per key (the file name, unique in the bucket).
 *
 * <p>Locations look like {@code gridfs:///<bucket>/<key>}: the bucket and file name only; the servers,
 * credentials and database are settings ({@code imagerepo.blob.gridfs.*}).
 *
 * <p>GridFS writes the chunks first and the file document last, so a file is visible only when whole.
 * A failed upload removes its chunks (and a file document a lost acknowledgement may hide); when the
 * server is gone at that moment, the removal is retried once it is back ({@link PendingCleanups}).
 */
public class GridFsBlobStore implements BlobStore {

    public static final String KIND = "gridfs";
    private static final String PREFIX = KIND + ":///";
    private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LOCATION = Pattern.compile(Pattern.quote(PREFIX) + "(" + BUCKET.pattern() + ")/(.+)");
    private static final int DELETE_BATCH = 500;
    private static final Logger LOG = Logger.getLogger(GridFsBlobStore.class);

    private final MongoClient client;
    private final MongoDatabase database;
    private final String bucketName;
    private final int chunkSize;
    private final GridFSBucket bucket;
    private final PendingCleanups cleanups = new PendingCleanups();
    private volatile boolean indexed;

    /** The store owns {@code client} and closes it. */
    public GridFsBlobStore(MongoClient client, String databaseName, String bucketName, int chunkSize) {
        if (!BUCKET.matcher(bucketName).matches()) {
            throw new IllegalArgumentException("invalid GridFS bucket name '" + bucketName + "'");
        }
        this.client = client;
        this.database = client.getDatabase(databaseName);
        this.bucketName = bucketName;
        this.chunkSize = chunkSize;
        this.bucket = GridFSBuckets.create(database, bucketName).withChunkSizeBytes(chunkSize);
        try {
            ensureIndex();
        } catch (StorageUnavailableException e) {
            LOG.warnf("GridFS bucket %s not indexed yet: %s", bucketName, e.getMessage());
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
        return PREFIX + bucketName + "/" + ObjectKeys.check(key);
    }

    @Override
    public StoredObject put(String key, InputStream data, long expectedSize) {
        String location = locationOf(key);
        cleanups.retry();
        ensureIndex();
        // The unique index on the file name settles a race between two uploads of one key.
        if (stat(location).isPresent()) {
            throw new ObjectExistsException("an object is already stored under " + key);
        }
        UploadStream in = new UploadStream(data, expectedSize);
        GridFSUploadStream upload;
        try {
            upload = bucket.openUploadStream(key, new GridFSUploadOptions().chunkSizeBytes(chunkSize));
        } catch (MongoException e) {
            throw translate(e, location);
        }
        ObjectId id = upload.getObjectId();
        try {
            byte[] buffer = new byte[chunkSize];
            int n;
            while ((n = in.readChunk(buffer)) > 0) {
                upload.write(buffer, 0, n);
            }
            upload.close(); // writes the last chunk, then the file document: from here on it is visible
        } catch (RuntimeException e) {
            long written = in.count();
            cleanups.runOrKeep("the partial GridFS upload " + id + " of " + key,
                    () -> removeFile(bucketName, new BsonObjectId(id), written / chunkSize + 1));
            if (e instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new ObjectExistsException("an object is already stored under " + key, e);
            }
            throw e instanceof MongoException m ? translate(m, location) : e;
        }
        return new StoredObject(location, in.count());
    }

    /**
     * Removes a file's document (first: the file disappears at once, no reader finds half of it), then
     * chunks 0 to {@code lastChunk}, whichever exist. Each chunk is deleted by its exact index key, in bulk:
     * a deleteMany on files_id alone makes a server without that index (the tests' wire server) load
     * every chunk of the bucket at once.
     */
    private void removeFile(String bucketName, BsonValue id, long lastChunk) {
        files(bucketName).deleteOne(Filters.eq("_id", id));
        List<DeleteOneModel<Document>> batch = new ArrayList<>();
        for (long n = 0; n <= lastChunk; n++) {
            batch.add(new DeleteOneModel<>(new Document("files_id", id).append("n", (int) n)));
            if (batch.size() == DELETE_BATCH || n == lastChunk) {
                chunks(bucketName).bulkWrite(batch, new BulkWriteOptions().ordered(false));
                batch.clear();
            }
        }
    }

    @Override
    public InputStream open(String location, ByteRange range) {
        Target target = parse(location);
        try {
            GridFSFile file = find(target).orElseThrow(() -> new ObjectNotFoundException("nothing is stored at " + location));
            long first = range == null ? 0 : Math.min(range.first(), file.getLength());
            long length = range == null ? file.getLength() : Math.min(range.length(), file.getLength() - first);
            InputStream in = new ChunkInputStream(chunks(target.bucket()), file.getId(), file.getChunkSize(), first, length);
            return new FailureTranslatingInputStream(in, e -> e instanceof MongoException m ? translate(m, location)
                    : new StorageUnavailableException("reading " + location + " failed: " + e.getMessage(), e));
        } catch (MongoException e) {
            throw translate(e, location);
        }
    }

    @Override
    public Optional<ObjectStat> stat(String location) {
        Target target = parse(location);
        try {
            return find(target).map(f -> new ObjectStat(location, f.getLength(), f.getUploadDate().toInstant()));
        } catch (MongoException e) {
            throw translate(e, location);
        }
    }

    @Override
    public boolean delete(String location) {
        Target target = parse(location);
        try {
            Optional<GridFSFile> file = find(target);
            if (file.isEmpty()) {
                return false;
            }
            GridFSFile found = file.get();
            removeFile(target.bucket(), found.getId(), Math.max(0, (found.getLength() - 1) / found.getChunkSize()));
            return true;
        } catch (MongoException e) {
            throw translate(e, location);
        }
    }

    @Override
    public void checkReady() {
        try {
            database.runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            throw translate(e, PREFIX + bucketName);
        }
        ensureIndex();
        cleanups.retry();
    }

    /** Chunks that belong to no file: what failed uploads would leave (for tests and metrics). */
    public long partialUploads() {
        try {
            Set<Object> fileIds = new HashSet<>();
            files(bucketName).find().projection(new Document("_id", 1)).forEach(d -> fileIds.add(d.get("_id")));
            Set<Object> orphans = new HashSet<>();
            chunks(bucketName).find().projection(new Document("files_id", 1)).forEach(d -> {
                if (!fileIds.contains(d.get("files_id"))) {
                    orphans.add(d.get("files_id"));
                }
            });
            return orphans.size();
        } catch (MongoException e) {
            throw translate(e, PREFIX + bucketName);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    private void ensureIndex() {
        if (indexed) {
            return;
        }
        try {
            files(bucketName).createIndex(Indexes.ascending("filename"), new IndexOptions().unique(true));
            indexed = true;
        } catch (MongoException e) {
            throw translate(e, PREFIX + bucketName);
        }
    }

    private Optional<GridFSFile> find(Target target) {
        GridFSBucket in = target.bucket().equals(bucketName) ? bucket : GridFSBuckets.create(database, target.bucket());
        return Optional.ofNullable(in.find(Filters.eq("filename", target.key())).first());
    }

    private MongoCollection<Document> files(String name) {
        return database.getCollection(name + ".files");
    }

    private MongoCollection<Document> chunks(String name) {
        return database.getCollection(name + ".chunks");
    }

    private Target parse(String location) {
        Matcher m = location == null ? null : LOCATION.matcher(location);
        if (m == null || !m.matches()) {
            throw new StorageException("not a location of the GridFS store: " + location);
        }
        return new Target(m.group(1), ObjectKeys.check(m.group(2)));
    }

    /** Driver failures are the server's unavailability, except refused credentials (say so) and bad requests. */
    static StorageException translate(MongoException e, String location) {
        if (e instanceof MongoSecurityException) {
            return new StorageUnavailableException("MongoDB refused the credentials of "
                    + "imagerepo.blob.gridfs.connection-string: " + e.getMessage(), e);
        }
        if (e instanceof MongoWriteException w && w.getError().getCategory() != ErrorCategory.EXECUTION_TIMEOUT) {
            return new StorageException("MongoDB refused a write to " + location + ": " + e.getMessage(), e);
        }
        return new StorageUnavailableException("MongoDB cannot serve " + location + " now: " + e.getMessage(), e);
    }

    private record Target(String bucket, String key) {
    }
}
