package org.imagerepo.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;

@ConfigMapping(prefix = "imagerepo.gateway")
public interface GatewayConfig {

    /** Where catalog-service listens. */
    URI catalogUrl();

    /** Where blob-service listens. */
    URI blobUrl();

    /** Concurrent connections kept to each service; each transfer in flight holds one. */
    @WithDefault("128")
    int maxConnectionsPerService();
}
