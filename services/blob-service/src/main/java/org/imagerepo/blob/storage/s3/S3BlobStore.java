package org.imagerepo.blob.storage.s3;

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
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ServiceClientConfiguration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Images as objects in an S3 bucket, on any S3 server (AWS, MinIO, Ceph RGW, S3Proxy).
 *
 * <p>Locations look like {@code s3:///<bucket>/<key>}: the bucket and key only; the endpoint, region and
 * credentials are settings ({@code quarkus.s3.*}), so a location outlives a moved server or a rotated key.
 *
 * <p>An upload whose size is announced and at most the multipart threshold is one PUT, streamed (held whole when
 * at most 1 MiB, so that the SDK can retry it). Anything
 * else is a multipart upload of part-size parts read one at a time into one buffer (memory: one part per
 * upload). Any failure aborts the multipart upload, so no parts remain; if the server is gone at that
 * moment, the abort is retried once it is back ({@link PendingCleanups}). S3 makes an object visible only
 * when its PUT or multipart completion succeeds, so a cut-off upload leaves no object either.
 */
public class S3BlobStore implements BlobStore {

    public static final String KIND = "s3";
    private static final String PREFIX = KIND + ":///";
    private static final Pattern LOCATION = Pattern.compile(Pattern.quote(PREFIX) + "([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");
    private static final Logger LOG = Logger.getLogger(S3BlobStore.class);

    /**
     * The service hashes every byte itself (SHA-256, MD5) and TCP/TLS guard the transport, so the SDK's
     * own payload checksums (CRC32 trailers on every upload) only cost CPU: ask for them only where S3
     * requires them. (Payload signing stays as the SDK decides: over HTTPS it sends the payload unsigned;
     * over plain HTTP it always signs it, chunk by chunk as the bytes stream, which needs no second pass.)
     */
    private static final AwsRequestOverrideConfiguration LEAN_CHECKSUMS = AwsRequestOverrideConfiguration.builder()
            .addPlugin((SdkPlugin) config -> ((S3ServiceClientConfiguration.Builder) config)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED))
            .build();

    /** Announced sizes up to this are read whole before their PUT (UploadStream checks the size), so that a retry
     * can send them again. */
    private static final int REPLAYABLE = 1 << 20;

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;
    private final int partSize;
    private final boolean createBucket;
    private final PendingCleanups cleanups = new PendingCleanups();
    private volatile boolean bucketChecked;

    /**
     * @param multipartThreshold announced sizes up to this go in one PUT
     * @param partSize           bytes per part of a multipart upload (S3: at least 5 MiB)
     * @param createBucket       create the bucket when it does not exist (local stacks; production buckets are
     *                           made with their policies by whoever runs the server)
     */
    public S3BlobStore(S3Client s3, String bucket, long multipartThreshold, int partSize, boolean createBucket) {
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
        this.partSize = partSize;
        this.createBucket = createBucket;
        try {
            ensureBucket();
        } catch (StorageUnavailableException e) {
            // Configured right but not reachable now: readiness says so until it is.
            LOG.warnf("S3 bucket %s not checked yet: %s", bucket, e.getMessage());
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
        return PREFIX + bucket + "/" + ObjectKeys.check(key);
    }

    @Override
    public StoredObject put(String key, InputStream data, long expectedSize) {
        String location = locationOf(key);
        cleanups.retry();
        ensureBucket();
        // Check, then write: two uploads of one key racing past this check would both write, the later
        // replacing the earlier. The catalog admits one upload per image, and conditional writes
        // (If-None-Match) are not offered by every S3 server, so the window is accepted.
        if (stat(location).isPresent()) {
            throw new ObjectExistsException("an object is already stored under " + key);
        }
        UploadStream in = new UploadStream(data, expectedSize);
        try {
            if (expectedSize >= 0 && expectedSize <= multipartThreshold) {
                // A small body is held whole: a PUT that met a pooled connection the server had closed after its
                // bytes were taken (a small body fits in the socket's buffer) can then be sent again.
                RequestBody body = expectedSize <= REPLAYABLE ? RequestBody.fromBytes(readWhole(in))
                        : RequestBody.fromContentProvider(once(in), expectedSize, "application/octet-stream");
                s3.putObject(b -> b.bucket(bucket).key(key).contentLength(expectedSize)
                        .contentType("application/octet-stream").overrideConfiguration(LEAN_CHECKSUMS), body);
            } else {
                putMultipart(key, in);
            }
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, location);
        }
        return new StoredObject(location, in.count());
    }

    private static byte[] readWhole(UploadStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e); // not thrown: UploadStream reports the client's failures unchecked
        }
    }

    /**
     * The upload's bytes for one PUT. A retry cannot replay bytes already taken from the client, and must fail
     * rather than send half; but a first attempt that failed before taking any (a pooled connection the server
     * had closed) is retried with the same, untouched stream. The SDK closes each attempt's stream: the client's
     * body stays open for the next.
     */
    private static ContentStreamProvider once(UploadStream in) {
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (used.getAndSet(true) && in.count() > 0) {
                throw new StorageUnavailableException("the S3 PUT failed and its stream cannot be replayed");
            }
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() {
                    // the upload's owner closes the client's body
                }
            };
        };
    }

    private void putMultipart(String key, UploadStream in) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)
                .contentType("application/octet-stream").overrideConfiguration(LEAN_CHECKSUMS)).uploadId();
        try {
            byte[] buffer = new byte[partSize];
            List<CompletedPart> parts = new ArrayList<>();
            int n = in.readChunk(buffer);
            // A part is sent once it is full or the stream ended; an empty stream still sends one empty part.
            do {
                int partNumber = parts.size() + 1;
                int length = n;
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(partNumber)
                                .contentLength((long) length).overrideConfiguration(LEAN_CHECKSUMS),
                        RequestBody.fromContentProvider(() -> new ByteArrayInputStream(buffer, 0, length),
                                length, "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
            } while (n == partSize && (n = in.readChunk(buffer)) > 0);
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            cleanups.runOrKeep("multipart upload " + uploadId + " of " + key, () -> {
                try {
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
                } catch (NoSuchUploadException gone) {
                    // already aborted or completed
                }
            });
            throw e;
        }
    }

    @Override
    public InputStream open(String location, ByteRange range) {
        Target target = parse(location);
        try {
            InputStream in = s3.getObject(b -> {
                b.bucket(target.bucket()).key(target.key());
                if (range != null) {
                    b.range("bytes=" + range.first() + "-" + range.last());
                }
            });
            return new FailureTranslatingInputStream(in, e -> new StorageUnavailableException(
                    "reading " + location + " from S3 failed: " + e.getMessage(), e));
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, location);
        }
    }

    @Override
    public Optional<ObjectStat> stat(String location) {
        Target target = parse(location);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(target.bucket()).key(target.key()));
            return Optional.of(new ObjectStat(location, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) { // HEAD answers carry no error code, only the status
                return Optional.empty();
            }
            throw translate(e, location);
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, location);
        }
    }

    @Override
    public boolean delete(String location) {
        Target target = parse(location);
        // S3 answers a DELETE alike whether the object was there; ask first to tell the caller.
        if (stat(location).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(target.bucket()).key(target.key()));
            return true;
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, location);
        }
    }

    @Override
    public void checkReady() {
        ensureBucket();
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, "s3:///" + bucket);
        }
        cleanups.retry();
    }

    /** Multipart uploads begun and neither completed nor aborted (for tests and metrics). */
    public int partialUploads() {
        try {
            return s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().size();
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, "s3:///" + bucket);
        }
    }

    @Override
    public void close() {
        // The client belongs to Quarkus (or to whoever made it), not to the store.
    }

    private void ensureBucket() {
        if (bucketChecked) {
            return;
        }
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            createOrFail();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw translate(e, "s3:///" + bucket);
            }
            createOrFail();
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, "s3:///" + bucket);
        }
        bucketChecked = true;
    }

    private void createOrFail() {
        if (!createBucket) {
            throw new StorageUnavailableException("the S3 bucket '" + bucket + "' does not exist: create it, or set "
                    + "imagerepo.blob.s3.create-bucket=true to let blob-service create it");
        }
        try {
            s3.createBucket(b -> b.bucket(bucket));
            LOG.infof("created the S3 bucket %s", bucket);
        } catch (SdkException | UncheckedIOException e) {
            throw translate(e, "s3:///" + bucket);
        }
    }

    private Target parse(String location) {
        Matcher m = location == null ? null : LOCATION.matcher(location);
        if (m == null || !m.matches()) {
            throw new StorageException("not a location of the S3 store: " + location);
        }
        return new Target(m.group(1), ObjectKeys.check(m.group(2)));
    }

    /**
     * The typed error for an SDK failure (the url-connection client also throws UncheckedIOException); a
     * failure of the caller's stream inside the SDK comes out as is.
     */
    private static StorageException translate(RuntimeException e, String location) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException typed) {
                return typed;
            }
        }
        if (e instanceof NoSuchKeyException) {
            return new ObjectNotFoundException("nothing is stored at " + location, e);
        }
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            if (status == 404) {
                return new ObjectNotFoundException("nothing is stored at " + location, e);
            }
            if (status == 401 || status == 403) {
                return new StorageUnavailableException("the S3 server refused access to " + location + " (HTTP " + status
                        + "): check the credentials in quarkus.s3.aws.credentials.* and the bucket policy", e);
            }
            if (status >= 500 || status == 429) {
                return new StorageUnavailableException("the S3 server failed on " + location + " (HTTP " + status + "): "
                        + s3e.getMessage(), e);
            }
            return new StorageException("S3 refused a request on " + location + " (HTTP " + status + "): "
                    + s3e.getMessage(), e);
        }
        return new StorageUnavailableException("the S3 server cannot be reached: " + e.getMessage(), e);
    }

    private record Target(String bucket, String key) {
    }
}
