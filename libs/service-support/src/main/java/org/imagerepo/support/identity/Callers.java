package org.imagerepo.support.identity;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * A service's door: turns the {@link IdentityAssertion#HEADER} of a request into the {@link Caller}, or
 * refuses it (401). The gateway's public key comes from {@code imagerepo.identity.public-key-file}.
 */
@ApplicationScoped
public class Callers {

    @ConfigProperty(name = "imagerepo.identity.public-key-file")
    Optional<String> publicKeyFile;

    private volatile IdentityVerifier verifier;

    /** Whoever the gateway vouches for, in any status (sign-in, whoami). */
    public Caller anyStatus(String assertion) {
        return verifier().verify(assertion);
    }

    /** An activated user; 401 without a gateway identity, 403 for pending and deactivated accounts. */
    public Caller active(String assertion) {
        return anyStatus(assertion).requireActive();
    }

    private IdentityVerifier verifier() {
        IdentityVerifier v = verifier;
        if (v == null) {
            String location = publicKeyFile.orElseThrow(() -> new IllegalStateException(
                    "imagerepo.identity.public-key-file is not set: the service needs the gateway's public key "
                            + "(IMAGEREPO_IDENTITY_PUBLIC_KEY_FILE) to accept any request."));
            v = new IdentityVerifier(PemKeys.publicKey(location));
            verifier = v;
        }
        return v;
    }
}
