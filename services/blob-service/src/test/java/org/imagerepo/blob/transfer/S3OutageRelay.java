package org.imagerepo.blob.transfer;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import org.imagerepo.testsupport.OutageProxy;
import org.imagerepo.testsupport.TestServers;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * blob-service with two stores, S3 (S3Proxy, reached through an {@link OutageProxy} the tests can cut)
 * receiving uploads, and the filesystem: configured through the settings production uses.
 */
public class S3OutageRelay implements QuarkusTestResourceLifecycleManager {

    private static volatile OutageProxy proxy;

    static OutageProxy proxy() {
        return proxy;
    }

    @Override
    public Map<String, String> start() {
        URI endpoint = URI.create(TestServers.s3Endpoint());
        proxy = OutageProxy.to(endpoint.getHost(), endpoint.getPort());
        return Map.ofEntries(
                Map.entry("imagerepo.blob.stores", "s3,fs"),
                Map.entry("imagerepo.blob.s3.bucket", "blob-routes-" + UUID.randomUUID()),
                Map.entry("imagerepo.blob.s3.create-bucket", "true"),
                Map.entry("imagerepo.blob.s3.multipart-threshold", "8M"),
                Map.entry("imagerepo.blob.s3.part-size", "5M"),
                Map.entry("quarkus.s3.endpoint-override", "http://127.0.0.1:" + proxy.port()),
                Map.entry("quarkus.s3.path-style-access", "true"),
                Map.entry("quarkus.s3.aws.region", "us-east-1"),
                Map.entry("quarkus.s3.aws.credentials.type", "static"),
                Map.entry("quarkus.s3.aws.credentials.static-provider.access-key-id", TestServers.s3AccessKey()),
                Map.entry("quarkus.s3.aws.credentials.static-provider.secret-access-key", TestServers.s3SecretKey()));
    }

    @Override
    public void stop() {
        proxy.close();
    }
}
