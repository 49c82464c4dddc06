package org.imagerepo.blob.storage.gridfs;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import io.quarkus.runtime.configuration.MemorySize;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.blob.storage.BlobStore;
import org.imagerepo.blob.storage.BlobStoreProvider;
import org.imagerepo.blob.storage.StorageConfigurationException;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Makes the GridFS store with a MongoDB client of its own, from {@code imagerepo.blob.gridfs.*}; nothing
 * of MongoDB is started in a blob-service without gridfs.
 */
@ApplicationScoped
public class GridFsBlobStoreProvider implements BlobStoreProvider {

    private static final Logger LOG = Logger.getLogger(GridFsBlobStoreProvider.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Unless the connection string says otherwise: fail a request this soon when no server answers. */
    private static final int SERVER_SELECTION_TIMEOUT_S = 10;
    private static final long MAX_CHUNK = 15L << 20; // a chunk is one BSON document (16 MiB at most)

    @ConfigProperty(name = "imagerepo.blob.gridfs.connection-string")
    Optional<String> connectionString;

    @ConfigProperty(name = "imagerepo.blob.gridfs.database", defaultValue = "imagerepo")
    String database;

    @ConfigProperty(name = "imagerepo.blob.gridfs.bucket", defaultValue = "images")
    String bucket;

    @ConfigProperty(name = "imagerepo.blob.gridfs.chunk-size", defaultValue = "1M")
    MemorySize chunkSize;

    @Override
    public String kind() {
        return GridFsBlobStore.KIND;
    }

    @Override
    public BlobStore create() {
        return createFrom(connectionString.orElseThrow(() -> new StorageConfigurationException(
                "imagerepo.blob.gridfs.connection-string is not set: give the MongoDB connection string, "
                        + "e.g. mongodb://host1,host2,host3/?replicaSet=rs0")), database, bucket, chunkSize.asLongValue());
    }

    /** The store for these settings; each one is checked before any client is made. */
    public BlobStore createFrom(String connectionString, String database, String bucket, long chunk) {
        ConnectionString connection = connection(connectionString);
        if (!NAME.matcher(database).matches()) {
            throw new StorageConfigurationException("imagerepo.blob.gridfs.database='" + database
                    + "' is not a usable database name (letters, digits, '_' and '-').");
        }
        if (!NAME.matcher(bucket).matches()) {
            throw new StorageConfigurationException("imagerepo.blob.gridfs.bucket='" + bucket
                    + "' is not a usable bucket name (letters, digits, '_' and '-').");
        }
        if (chunk < 1024 || chunk > MAX_CHUNK) {
            throw new StorageConfigurationException("imagerepo.blob.gridfs.chunk-size=" + chunk
                    + " must lie between 1K and 15M (a chunk is one MongoDB document).");
        }
        LOG.infof("GridFS image store: database %s, bucket %s, servers %s", database, bucket, connection.getHosts());
        return new GridFsBlobStore(MongoClients.create(settings(connection)), database, bucket, (int) chunk);
    }

    /** The client settings: the connection string's, with a bounded wait for a server unless it sets one. */
    public static MongoClientSettings settings(ConnectionString connection) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connection);
        if (connection.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(c -> c.serverSelectionTimeout(SERVER_SELECTION_TIMEOUT_S, TimeUnit.SECONDS));
        }
        return settings.build();
    }

    private static ConnectionString connection(String value) {
        try {
            return new ConnectionString(value);
        } catch (IllegalArgumentException e) {
            // The message may quote the string: keep the password out of the log.
            throw new StorageConfigurationException("imagerepo.blob.gridfs.connection-string is not a valid MongoDB "
                    + "connection string (mongodb://[user:password@]host[:port][,host...][/?options]).", e);
        }
    }
}
