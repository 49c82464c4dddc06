package org.imagerepo.blob.storage.s3;

import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreProvider;
import org.imagerepo.blob.storage.StorageConfigurationException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes the S3 store from {@code imagerepo.blob.s3.*} and the S3 client Quarkus Amazon S3 builds from
 * {@code quarkus.s3.*}. The client is looked up only here, so a blob-service without s3 never builds one.
 */
@ApplicationScoped
public class S3BlobStoreProvider implements BlobStoreProvider {

    private static final Logger LOG = Logger.getLogger(S3BlobStoreProvider.class);
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final long MIN_PART = 5L << 20;
    private static final long MAX_PART = 256L << 20; // one part sits in the heap while it is sent
    private static final long MAX_SINGLE_PUT = 5L << 30;

    @Inject
    Instance<S3Client> client;

    @ConfigProperty(name = "imagerepo.blob.s3.bucket")
    Optional<String> bucket;

    @ConfigProperty(name = "imagerepo.blob.s3.create-bucket", defaultValue = "false")
    boolean createBucket;

    @ConfigProperty(name = "imagerepo.blob.s3.multipart-threshold", defaultValue = "64M")
    MemorySize multipartThreshold;

    @ConfigProperty(name = "imagerepo.blob.s3.part-size", defaultValue = "16M")
    MemorySize partSize;

    @Override
    public String kind() {
        return S3BlobStore.KIND;
    }

    @Override
    public BlobStore create() {
        String name = bucket.orElseThrow(() -> new StorageConfigurationException(
                "imagerepo.blob.s3.bucket is not set: name the bucket that holds the images."));
        if (!BUCKET.matcher(name).matches()) {
            throw new StorageConfigurationException("imagerepo.blob.s3.bucket='" + name + "' is not a valid bucket name "
                    + "(3-63 lower-case letters, digits, '.' and '-').");
        }
        long part = partSize.asLongValue();
        if (part < MIN_PART || part > MAX_PART) {
            throw new StorageConfigurationException("imagerepo.blob.s3.part-size=" + part + " must lie between 5M (S3's "
                    + "smallest part) and 256M (each upload holds one part in memory).");
        }
        long threshold = multipartThreshold.asLongValue();
        if (threshold < 0 || threshold > MAX_SINGLE_PUT) {
            throw new StorageConfigurationException("imagerepo.blob.s3.multipart-threshold=" + threshold
                    + " must lie between 0 and 5G (S3's largest single PUT).");
        }
        S3Client s3;
        try {
            s3 = client.get();
        } catch (RuntimeException e) {
            throw new StorageConfigurationException("the S3 client cannot be made from the quarkus.s3.* settings "
                    + "(endpoint-override, aws.region, aws.credentials.*): " + e.getMessage(), e);
        }
        LOG.infof("S3 image store in bucket %s (multipart above %d bytes, parts of %d)", name, threshold, part);
        return new S3BlobStore(s3, name, threshold, (int) part, createBucket);
    }
}
