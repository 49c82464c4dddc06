package org.imagerepo.support.identity;

import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.security.PublicKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an identity assertion against the gateway's public key and turns it into a {@link Caller}. Every
 * refusal is a 401 problem saying that the request must come through the gateway. Thread-safe.
 */
public final class IdentityVerifier {

    /** User names as LDAP uids and Keycloak service accounts spell them. */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final JwtConsumer consumer;

    public IdentityVerifier(PublicKey gatewayKey) {
        consumer = new JwtConsumerBuilder()
                .setVerificationKey(gatewayKey)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer(IdentityAssertion.ISSUER)
                .setExpectedAudience(IdentityAssertion.AUDIENCE)
                .setRequireSubject()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(30)
                .build();
    }

    /** The caller the assertion names; 401 when it is missing, not the gateway's, expired or malformed. */
    public Caller verify(String assertion) {
        if (assertion == null || assertion.isBlank()) {
            throw refused("This request carries no identity from the gateway: send it through the gateway (its /api/v1, "
                    + "with a bearer token), not to the service directly.");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(assertion.strip());
        } catch (InvalidJwtException e) {
            throw refused("This request's identity was not issued by the gateway, or has expired: services accept "
                    + "only requests that come through the gateway.");
        }
        try {
            String username = claims.getSubject();
            if (!USER_NAME.matcher(username).matches()) {
                throw refused("The identity names an invalid user '" + username + "'.");
            }
            List<String> roles = claims.getStringListClaimValue(IdentityAssertion.ROLES);
            Role role = roles != null && roles.contains(Role.ADMIN.wire()) ? Role.ADMIN : Role.USER;
            List<String> groups = claims.getStringListClaimValue(IdentityAssertion.GROUPS);
            String status = claims.getStringClaimValue(IdentityAssertion.STATUS);
            return new Caller(username, groups == null ? Set.of() : new HashSet<>(groups), role,
                    status == null ? null : UserStatus.parseWire(status), assertion.strip());
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw refused("The identity from the gateway is malformed: " + e.getMessage());
        }
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(Problem.of(401, "unauthorized", "Unauthorized", detail));
    }
}
