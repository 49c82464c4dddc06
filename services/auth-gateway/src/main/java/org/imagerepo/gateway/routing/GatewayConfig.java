package org.imagerepo.gateway.routing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "imagerepo.gateway")
public interface GatewayConfig {

    /** Where catalog-service listens. */
    URI catalogUrl();

    /** Where blob-service listens. */
    URI blobUrl();

    /**
     * How image bytes travel (ADR 16): {@code direct} (the default) answers a transfer with a redirect to
     * blob-service carrying a capability the gateway signs, so the bytes take one hop; {@code proxy} streams them
     * through the gateway, for sites that cannot expose blob-service to clients.
     */
    @WithDefault("direct")
    DataPath dataPath();

    /** Where clients reach blob-service in {@code direct} mode (its Ingress, balancer, or port); default blob-url. */
    Optional<URI> blobPublicUrl();

    /**
     * How long a transfer link may wait to be used. It is checked when the transfer starts, not while it runs;
     * an upload's quota stays held until the reservation expires (accounting's reservation-max-age).
     */
    @WithDefault("5m")
    Duration capabilityLifetime();

    /** The two ways image bytes may travel (ADR 16). */
    enum DataPath {
        DIRECT, PROXY
    }

    /** Where accounting-service listens (users, sign-in, history, usage). */
    URI accountingUrl();

    /** Where trigger-service listens (rules, actions, rain reservations); the repository works without it. */
    @WithDefault("http://127.0.0.1:8084")
    URI triggerUrl();

    /** Concurrent connections kept to each service; each transfer in flight holds one. */
    @WithDefault("128")
    int maxConnectionsPerService();

    /**
     * How long the gateway trusts what accounting-service said of a user (role, status) before asking again:
     * the longest a deactivation takes to bite.
     */
    @WithDefault("2s")
    Duration userCacheTtl();

    Oidc oidc();

    /** The identity provider whose tokens the gateway accepts (Keycloak's realm, ADR 9). */
    interface Oidc {

        /** The realm's issuer, e.g. {@code http://127.0.0.1:8380/realms/imagerepo}. */
        URI issuer();

        /** The audience a token must carry to be accepted here. */
        @WithDefault("imagerepo-gateway")
        String audience();

        /** The public client the CLI signs in with (told to clients by {@code GET /api/v1/auth}). */
        @WithDefault("imagerepo-cli")
        String cliClientId();

        /** How far the gateway's clock may be from the identity provider's when it checks a token's times. */
        @WithDefault("30s")
        Duration clockSkew();

        /** The realm's signing keys; by default the issuer's discovery document says where. */
        Optional<URI> jwksUrl();
    }
}
