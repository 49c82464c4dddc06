package org.imagerepo.blob.storage.gridfs;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreConformanceTest;
import org.imagerepo.testsupport.NeedsServers;
import org.imagerepo.testsupport.OutageProxy;
import org.imagerepo.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

import java.util.UUID;

/** The conformance suite against a MongoDB wire-protocol server, reached through an outage relay. */
@NeedsServers
class GridFsBlobStoreTest extends BlobStoreConformanceTest {

    private static final String DATABASE = "imagerepo_blob_conformance";
    private static OutageProxy proxy;
    private String bucket;

    @BeforeAll
    static void relay() {
        ConnectionString server = new ConnectionString(TestServers.mongoUrl());
        String[] hostPort = server.getHosts().get(0).split(":");
        proxy = OutageProxy.to(hostPort[0], hostPort.length > 1 ? Integer.parseInt(hostPort[1]) : 27017);
    }

    @AfterAll
    static void closeRelay() {
        proxy.close();
    }

    @Override
    protected BlobStore newStore() {
        bucket = "c" + UUID.randomUUID().toString().replace("-", "");
        // A short wait for a server, so that the outage tests do not idle through the default.
        ConnectionString connection = new ConnectionString("mongodb://127.0.0.1:" + proxy.port()
                + "/?serverSelectionTimeoutMS=3000&connectTimeoutMS=3000");
        MongoClient client = MongoClients.create(GridFsBlobStoreProvider.settings(connection));
        return new GridFsBlobStore(client, DATABASE, bucket, 256 * 1024);
    }

    @Override
    protected long partialUploads() {
        return ((GridFsBlobStore) store).partialUploads();
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
        try (MongoClient client = MongoClients.create(TestServers.mongoUrl())) {
            client.getDatabase(DATABASE).getCollection(bucket + ".files").drop();
            client.getDatabase(DATABASE).getCollection(bucket + ".chunks").drop();
        }
    }
}
