package org.imagerepo.support.identity;

import org.imagerepo.support.ProblemException;
import org.imagerepo.support.errors.ForbiddenException;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentityAssertionTest {

    private static final KeyPair GATEWAY = keyPair();
    private static final KeyPair OTHER = keyPair();
    private final IdentityVerifier verifier = new IdentityVerifier(GATEWAY.getPublic());

    @Test
    void aSignedAssertionGivesBackTheCaller() {
        String jws = new IdentitySigner(GATEWAY.getPrivate()).sign("alice", Set.of("hadoop-lab"), Role.USER, UserStatus.ACTIVATED);
        Caller caller = verifier.verify(jws);
        assertEquals("alice", caller.username());
        assertEquals(Set.of("hadoop-lab"), caller.groups());
        assertEquals(Role.USER, caller.role());
        assertEquals(UserStatus.ACTIVATED, caller.status());
        assertEquals(jws, caller.assertion());
    }

    @Test
    void aSignInAssertionHasNoStatusAndIsNotActive() {
        Caller caller = verifier.verify(new IdentitySigner(GATEWAY.getPrivate()).sign("ada", Set.of(), Role.ADMIN, null));
        assertTrue(caller.isAdmin());
        assertNull(caller.status());
        assertEquals("account-unknown", assertThrows(ForbiddenException.class, caller::requireActive).slug());
    }

    @Test
    void anAssertionSignedByAnotherKeyIsRefused() {
        String forged = new IdentitySigner(OTHER.getPrivate()).sign("alice", Set.of(), Role.ADMIN, UserStatus.ACTIVATED);
        ProblemException e = assertThrows(ProblemException.class, () -> verifier.verify(forged));
        assertEquals(401, e.problem().status());
        assertTrue(e.getMessage().contains("gateway"), e.getMessage());
    }

    @Test
    void anExpiredAssertionIsRefused() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(IdentityAssertion.ISSUER);
        claims.setAudience(IdentityAssertion.AUDIENCE);
        claims.setSubject("alice");
        claims.setExpirationTime(NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 120));
        claims.setStringListClaim("roles", List.of("user"));
        assertEquals(401, assertThrows(ProblemException.class, () -> verifier.verify(sign(claims))).problem().status());
    }

    @Test
    void anAssertionForAnotherAudienceIsRefused() throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(IdentityAssertion.ISSUER);
        claims.setAudience("imagerepo-gateway");
        claims.setSubject("alice");
        claims.setExpirationTimeMinutesInTheFuture(5);
        assertEquals(401, assertThrows(ProblemException.class, () -> verifier.verify(sign(claims))).problem().status());
    }

    @Test
    void noAssertionAtAllIsRefusedNamingTheGateway() {
        ProblemException e = assertThrows(ProblemException.class, () -> verifier.verify(null));
        assertEquals(401, e.problem().status());
        assertTrue(e.getMessage().contains("gateway"), e.getMessage());
    }

    @Test
    void pendingAndDeactivatedCallersAreToldWhy() {
        for (UserStatus status : List.of(UserStatus.PENDING, UserStatus.DEACTIVATED)) {
            Caller caller = verifier.verify(new IdentitySigner(GATEWAY.getPrivate()).sign("erin", Set.of(), Role.USER, status));
            ForbiddenException e = assertThrows(ForbiddenException.class, caller::requireActive);
            assertEquals("account-" + status.wire(), e.slug());
            assertTrue(e.getMessage().contains(status.wire()), e.getMessage());
        }
    }

    @Test
    void onlyAdminsPassRequireAdmin() {
        Caller user = verifier.verify(new IdentitySigner(GATEWAY.getPrivate()).sign("bob", Set.of(), Role.USER, UserStatus.ACTIVATED));
        assertEquals("forbidden", assertThrows(ForbiddenException.class, () -> user.requireAdmin("list users")).slug());
    }

    private static String sign(JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(GATEWAY.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
