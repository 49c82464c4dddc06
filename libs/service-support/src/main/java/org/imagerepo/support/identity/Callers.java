package org.imagerepo.support.identity;

import jakarta.enterprise.context.ApplicationScoped;
import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;
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
    private volatile TransferCapabilities.Verifier transfers;

    /** Whoever the gateway vouches for, in any status (sign-in, whoami). */
    public Caller anyStatus(String assertion) {
        return verifier().verify(assertion);
    }

    /** An activated user; 401 without a gateway identity, 403 for pending and deactivated accounts. */
    public Caller active(String assertion) {
        return anyStatus(assertion).requireActive();
    }

    /**
     * The transfer capability a request carries (ADR 16), checked against the same gateway key: 401 when it is
     * missing, expired, or not the gateway's. What it is for is checked by the caller
     * ({@link TransferCapability#requireFor}).
     */
    public TransferCapability transfer(String token) {
        TransferCapabilities.Verifier v = transfers;
        if (v == null) {
            v = TransferCapabilities.verifier(PemKeys.publicKey(keyLocation()));
            transfers = v;
        }
        return v.verify(token);
    }

    private IdentityVerifier verifier() {
        IdentityVerifier v = verifier;
        if (v == null) {
            v = new IdentityVerifier(PemKeys.publicKey(keyLocation()));
            verifier = v;
        }
        return v;
    }

    private String keyLocation() {
        return publicKeyFile.orElseThrow(() -> new IllegalStateException(
                "imagerepo.identity.public-key-file is not set: the service needs the gateway's public key "
                        + "(IMAGEREPO_IDENTITY_PUBLIC_KEY_FILE) to accept any request."));
    }
}
