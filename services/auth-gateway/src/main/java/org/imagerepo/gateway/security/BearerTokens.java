package org.imagerepo.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.imagerepo.gateway.routing.GatewayConfig;
import org.imagerepo.support.Problem;
import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.Role;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.UnresolvableKeyException;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the bearer tokens users bring (Keycloak access tokens, ADR 9): signature against the realm's
 * keys, issuer, expiry and audience. Each way a token can be wrong gets its own 401 message, so that a
 * person knows whether to sign in again or to fix their client. Blocking (the realm's keys are fetched
 * over HTTP when first needed or when a token names an unknown key): call it on a worker thread.
 */
@ApplicationScoped
public class BearerTokens {

    /** Header, payload and signature: three base64url parts. */
    private static final java.util.regex.Pattern JWS_SHAPE = java.util.regex.Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    @Inject
    GatewayConfig config;

    @Inject
    OidcProvider provider;

    private volatile JwtConsumer consumer;

    /** What the gateway takes from a valid token. */
    public record TokenIdentity(String username, Set<String> groups, Role role) {
    }

    /** @param authorization the request's Authorization header, or null */
    public TokenIdentity verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw refused("missing-token", "This request carries no bearer token: sign in (imagerepo login) and send "
                    + "'Authorization: Bearer <access token>'.");
        }
        String[] parts = authorization.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
            throw refused("malformed-token", "The Authorization header must be 'Bearer <access token>' (a token from "
                    + "the identity provider), not '" + parts[0] + " ...'.");
        }
        if (!JWS_SHAPE.matcher(parts[1]).matches()) {
            throw refused("malformed-token", "The bearer token is not a valid JWT: send the access token the identity "
                    + "provider issued (imagerepo login).");
        }
        JwtClaims claims;
        try {
            claims = consumer().processToClaims(parts[1]);
        } catch (InvalidJwtException e) {
            throw refusal(e);
        }
        try {
            String username = claims.getStringClaimValue("preferred_username");
            if (username == null || username.isBlank()) {
                throw refused("invalid-token", "The token names no user (no preferred_username claim).");
            }
            List<String> groups = claims.isClaimValueStringList("groups") ? claims.getStringListClaimValue("groups") : List.of();
            return new TokenIdentity(username, new HashSet<>(groups), realmRoles(claims).contains("admin") ? Role.ADMIN : Role.USER);
        } catch (MalformedClaimException e) {
            throw refused("invalid-token", "The token's claims are malformed: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> realmRoles(JwtClaims claims) {
        Object access = claims.getClaimValue("realm_access");
        if (access instanceof Map<?, ?> map && map.get("roles") instanceof List<?> roles) {
            return (List<String>) roles;
        }
        return List.of();
    }

    private ProblemException refusal(InvalidJwtException e) {
        String issuer = provider.endpoints().issuer();
        if (e.hasExpired()) {
            String when = "";
            try {
                when = " at " + Instant.ofEpochSecond(e.getJwtContext().getJwtClaims().getExpirationTime().getValue());
            } catch (MalformedClaimException | RuntimeException ignored) {
                // the time is a courtesy
            }
            return refused("expired-token", "The token expired" + when + ": sign in again (imagerepo login).");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return refused("wrong-audience", "The token is not meant for this repository: its audience does not include '"
                    + config.oidc().audience() + "'. Get one from the " + config.oidc().cliClientId() + " client (imagerepo login).");
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return refused("wrong-issuer", "The token was not issued by this repository's identity provider (" + issuer + ").");
        }
        Throwable keyProblem = causeOfType(e, UnresolvableKeyException.class);
        if (keyProblem != null && keyProblem.getCause() instanceof java.io.IOException) {
            // The realm's keys could not be fetched at all: not the client's fault.
            return ProblemException.unavailable("identity-provider-unavailable",
                    "The identity provider's keys cannot be fetched right now; try again shortly.");
        }
        if (keyProblem != null || e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return refused("forged-token", "The token's signature does not match the keys of " + issuer
                    + ": it was not issued there (forged, or from another realm). Sign in again (imagerepo login).");
        }
        return refused("invalid-token", "The token was refused: " + e.getOriginalMessage());
    }

    private static Throwable causeOfType(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    private JwtConsumer consumer() {
        JwtConsumer c = consumer;
        if (c == null) {
            OidcProvider.Endpoints endpoints = provider.endpoints();
            c = new JwtConsumerBuilder()
                    .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(new HttpsJwks(endpoints.jwksUri())))
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                            AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256)
                    .setExpectedIssuer(endpoints.issuer())
                    .setExpectedAudience(config.oidc().audience())
                    .setRequireExpirationTime()
                    .setRequireSubject()
                    .setAllowedClockSkewInSeconds((int) config.oidc().clockSkew().toSeconds())
                    .build();
            consumer = c;
        }
        return c;
    }

    private static ProblemException refused(String slug, String detail) {
        return new ProblemException(Problem.of(401, slug, "Unauthorized", detail));
    }
}
