package org.imagerepo.gateway.security;

import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;
import java.security.PrivateKey;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.runtime.StartupEvent;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.imagerepo.support.identity.IdentitySigner;
import org.imagerepo.support.identity.PemKeys;

/**
 * The gateway's half of ADR 9: signs the identity the services trust, with the key from
 * {@code imagerepo.identity.private-key-file}. A gateway without its key refuses to start.
 */
@ApplicationScoped
public class AssertionSigner {

    @ConfigProperty(name = "imagerepo.identity.private-key-file")
    String privateKeyFile;

    private IdentitySigner signer;
    private PrivateKey key;

    void load(@Observes StartupEvent start) {
        key = PemKeys.privateKey(privateKeyFile);
        signer = new IdentitySigner(key);
    }

    /** The signed text of a transfer capability (ADR 16), with the same key: the audience keeps them apart. */
    public String signTransfer(TransferCapability capability) {
        return TransferCapabilities.sign(capability, key);
    }

    /** The assertion for accounting-service's sign-in: the token's role, no status yet. */
    public String signIn(BearerTokens.TokenIdentity token) {
        return signer.sign(token.username(), token.groups(), token.role(), null);
    }

    /** The assertion a request carries to the services: the repository's role and status, the token's groups. */
    public String forRequest(BearerTokens.TokenIdentity token, SignIns.UserRecord user) {
        return signer.sign(token.username(), token.groups(), user.role(), user.status());
    }
}
