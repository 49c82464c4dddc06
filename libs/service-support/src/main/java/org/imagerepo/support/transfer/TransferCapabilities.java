package org.imagerepo.support.transfer;

import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentitySigner;
import org.imagerepo.support.identity.Role;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Signs (gateway, private key) and verifies (blob-service and accounting, public key) transfer capabilities:
 * compact JWS, RS256, issuer {@code imagerepo-gateway}, audience {@link TransferCapability#AUDIENCE}. The key is
 * the one that signs identity assertions (ADR 9); the audience keeps the two apart. Thread-safe.
 */
public final class TransferCapabilities {

    static final String ISSUER = "imagerepo-gateway";
    private static final String OPERATION = "op";
    private static final String IMAGE = "img";
    private static final String GROUPS = "groups";
    private static final String ROLE = "role";
    private static final String RESERVATION = "rid";
    private static final String LOCATION = "loc";
    private static final String SIZE = "size";
    private static final String SHA256 = "sha256";
    private static final String NAME = "name";
    private static final String TRACE_PARENT = "tp";

    private TransferCapabilities() {
    }

    /** Signs {@code capability} with the gateway's key; the result goes in the transfer URL. */
    public static String sign(TransferCapability capability, PrivateKey key) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(TransferCapability.AUDIENCE);
        claims.setSubject(capability.username());
        claims.setIssuedAtToNow();
        claims.setExpirationTime(NumericDate.fromMilliseconds(capability.expiresAt().toEpochMilli()));
        if (capability.id() == null) {
            claims.setGeneratedJwtId();
        } else {
            claims.setJwtId(capability.id());
        }
        claims.setStringClaim(OPERATION, capability.operation().wire());
        claims.setStringClaim(IMAGE, capability.imageId());
        claims.setStringListClaim(GROUPS, List.copyOf(new TreeSet<>(capability.groups())));
        claims.setStringClaim(ROLE, capability.role().wire());
        claims.setClaim(SIZE, capability.size());
        putIfSet(claims, RESERVATION, capability.reservationId());
        putIfSet(claims, LOCATION, capability.location());
        putIfSet(claims, SHA256, capability.sha256());
        putIfSet(claims, NAME, capability.name());
        putIfSet(claims, TRACE_PARENT, capability.traceParent());
        return IdentitySigner.signed(claims, key, "a transfer capability");
    }

    private static void putIfSet(JwtClaims claims, String name, String value) {
        if (value != null) {
            claims.setStringClaim(name, value);
        }
    }

    /** A verifier trusting capabilities signed with the private half of {@code gatewayKey}. */
    public static Verifier verifier(PublicKey gatewayKey) {
        return new Verifier(gatewayKey);
    }

    /** Checks signature, issuer, audience and expiry; every refusal is a 401 saying to ask the gateway again. */
    public static final class Verifier {

        private final JwtConsumer consumer;

        private Verifier(PublicKey gatewayKey) {
            consumer = new JwtConsumerBuilder()
                    .setVerificationKey(gatewayKey)
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256)
                    .setExpectedIssuer(ISSUER)
                    .setExpectedAudience(TransferCapability.AUDIENCE)
                    .setRequireSubject()
                    .setRequireExpirationTime()
                    .setRequireJwtId()
                    .setAllowedClockSkewInSeconds(30)
                    .build();
        }

        public TransferCapability verify(String token) throws ProblemException {
            if (token == null || token.isBlank()) {
                throw TransferRefusals.invalid("This transfer link carries no capability: ask the gateway for the "
                        + "image's bytes (its /api/v1/images/{id}/file) and follow the link it answers with.");
            }
            JwtClaims claims;
            try {
                claims = consumer.processToClaims(token.strip());
            } catch (InvalidJwtException e) {
                throw TransferRefusals.invalid(e.hasExpired()
                        ? "This transfer link has expired: ask the gateway for a new one (links are short-lived)."
                        : "This transfer link was not issued by this repository's gateway: ask the gateway for the "
                        + "image's bytes and follow the link it answers with.");
            }
            try {
                List<String> groups = claims.getStringListClaimValue(GROUPS);
                Object size = claims.getClaimValue(SIZE);
                String role = claims.getStringClaimValue(ROLE);
                return new TransferCapability(claims.getJwtId(),
                        TransferCapability.Operation.parseWire(claims.getStringClaimValue(OPERATION)),
                        require(claims.getStringClaimValue(IMAGE), IMAGE), claims.getSubject(),
                        groups == null ? new HashSet<>() : new HashSet<>(groups),
                        role == null ? Role.USER : Role.parseWire(role),
                        claims.getStringClaimValue(RESERVATION), claims.getStringClaimValue(LOCATION),
                        size instanceof Number n ? n.longValue() : -1, claims.getStringClaimValue(SHA256),
                        claims.getStringClaimValue(NAME), claims.getStringClaimValue(TRACE_PARENT),
                        Instant.ofEpochMilli(claims.getExpirationTime().getValueInMillis()), token.strip());
            } catch (MalformedClaimException | IllegalArgumentException e) {
                throw TransferRefusals.invalid("This transfer link is malformed: " + e.getMessage());
            }
        }

        private static String require(String value, String claim) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("it names no " + claim);
            }
            return value;
        }
    }
}
