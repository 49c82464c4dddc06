package org.imagerepo.blob.storage.s3;

import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreConformanceTest;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.OutageProxy;
import org.imagerepo.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.util.UUID;

/** The conformance suite against S3Proxy, a real S3 server, reached through an outage relay. */
@NeedsServers
class S3BlobStoreTest extends BlobStoreConformanceTest {

    private static OutageProxy proxy;
    private static S3Client s3;
    private String bucket;

    @BeforeAll
    static void connect() {
        URI endpoint = URI.create(TestServers.s3Endpoint());
        proxy = OutageProxy.to(endpoint.getHost(), endpoint.getPort());
        // Built as quarkus.s3.* builds it in the service: url-connection client, path style, static keys.
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + proxy.port()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(TestServers.s3AccessKey(), TestServers.s3SecretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @AfterAll
    static void disconnect() {
        s3.close();
        proxy.close();
    }

    @Override
    protected BlobStore newStore() {
        bucket = "conformance-" + UUID.randomUUID();
        // Objects of the suite up to 8 MiB go in one PUT, larger ones (and those of unknown size) in parts
        // of the service's default size.
        return new S3BlobStore(s3, bucket, 8L << 20, 16 << 20, true);
    }

    @Override
    protected long partialUploads() {
        return ((S3BlobStore) store).partialUploads();
    }

    @Override
    protected void stopServer() {
        proxy.cut();
    }

    @Override
    protected void startServer() {
        proxy.restore();
    }

    @AfterEach
    void dropBucket() {
        proxy.restore();
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
            s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
        s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().forEach(u ->
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
        s3.deleteBucket(b -> b.bucket(bucket));
    }
}
