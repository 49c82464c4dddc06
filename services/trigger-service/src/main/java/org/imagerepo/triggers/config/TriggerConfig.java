package org.imagerepo.triggers.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/** The operator's settings of trigger-service; a wrong value stops the service at start, naming it. */
@ConfigMapping(prefix = "imagerepo.triggers")
public interface TriggerConfig {

    /** Where rules, actions and reservations are kept: {@code h2} (embedded, the default) or {@code postgresql}. */
    @WithDefault("h2")
    DatabaseKind database();

    /** The gateway the service acts through, as any client of the repository (ADR 10). */
    @WithDefault("http://127.0.0.1:8080")
    String gatewayUrl();

    /** The service's own Keycloak client (client credentials, realm role admin). */
    @WithDefault("imagerepo-triggers")
    String clientId();

    /** That client's secret; without it the rules that act on the repository fail, saying so, in their actions. */
    Optional<String> clientSecret();

    /** How often due work is looked for: reservations to stage or release, scans whose {@code every} has passed. */
    @WithDefault("5s")
    String tick();

    /**
     * The rules' defaults, {@code imagerepo.triggers.rules.<rule>.<key>}: {@code enabled}, {@code dry-run} and
     * each rule's own settings. A change made through the API (stored in the database) wins over these.
     */
    Map<String, Map<String, String>> rules();
}
