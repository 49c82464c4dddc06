package org.imagerepo.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.errors.ForbiddenException;

/**
 * The gateway's door (ADR 9): a valid token, a known user, an active account — then the identity
 * assertion the services trust. Blocking: call it on a worker thread.
 */
@ApplicationScoped
public class EdgeSecurity {

    @Inject
    BearerTokens tokens;

    @Inject
    SignIns signIns;

    @Inject
    AssertionSigner signer;

    /**
     * @param anyStatus whether pending and deactivated users may make this request (asking who they are)
     * @return the assertion to send on in {@code X-Imagerepo-Identity}
     * @throws ProblemException 401 for a bad token, 503 when a dependency is down
     * @throws ForbiddenException for an inactive account
     */
    public String admit(String authorization, boolean anyStatus) {
        BearerTokens.TokenIdentity token = tokens.verify(authorization);
        SignIns.UserRecord user = signIns.signIn(token);
        String refusal = user.status().refusal(user.username());
        if (refusal != null && !anyStatus) {
            throw ForbiddenException.accountNotActive(user.status().wire(), refusal);
        }
        return signer.forRequest(token, user);
    }
}
