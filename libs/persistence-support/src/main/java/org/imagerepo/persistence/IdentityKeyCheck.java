package org.imagerepo.persistence;

import io.quarkus.runtime.Startup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.support.identity.PemKeys;

import java.util.Optional;

/**
 * Refuses to start without the gateway's public key: without it every request would be refused, and the operator
 * would learn why only from the first one. A bean in every service that has this library, unless excluded
 * ({@code quarkus.arc.exclude-types}).
 */
@Startup
@Singleton
public class IdentityKeyCheck {

    @Inject
    IdentityKeyCheck(@ConfigProperty(name = "quarkus.application.name") String service,
                     @ConfigProperty(name = "imagerepo.identity.public-key-file") Optional<String> location) {
        PemKeys.publicKey(location.orElseThrow(() -> new IllegalStateException(
                "imagerepo.identity.public-key-file is not set: " + service + " needs the gateway's public key "
                        + "(IMAGEREPO_IDENTITY_PUBLIC_KEY_FILE) to accept any request.")));
    }
}
