package org.imagerepo.support.identity;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Signs identity assertions; only the gateway holds the key (ADR 9). Thread-safe. */
public final class IdentitySigner {

    private final PrivateKey key;

    public IdentitySigner(PrivateKey key) {
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * @param status null for a sign-in assertion (the gateway does not know the user's record yet)
     * @return the compact JWS to put in {@link IdentityAssertion#HEADER}
     */
    public String sign(String username, Set<String> groups, Role role, UserStatus status) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(IdentityAssertion.ISSUER);
        claims.setAudience(IdentityAssertion.AUDIENCE);
        claims.setSubject(username);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(IdentityAssertion.LIFETIME_SECONDS / 60f);
        claims.setGeneratedJwtId();
        claims.setStringListClaim(IdentityAssertion.GROUPS, List.copyOf(new TreeSet<>(groups)));
        claims.setStringListClaim(IdentityAssertion.ROLES, List.of(role.wire()));
        if (status != null) {
            claims.setStringClaim(IdentityAssertion.STATUS, status.wire());
        }
        return signed(claims, key, "an identity assertion");
    }

    /**
     * {@code claims} as a compact JWS, RS256 with the gateway's {@code key}: identity assertions and transfer
     * capabilities (ADR 16) alike; their audiences keep them apart.
     */
    public static String signed(JwtClaims claims, PrivateKey key, String what) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign " + what + ": " + e.getMessage(), e);
        }
    }
}
