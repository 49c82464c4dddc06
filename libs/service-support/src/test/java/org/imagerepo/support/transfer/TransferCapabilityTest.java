package org.imagerepo.support.transfer;

import org.imagerepo.support.ProblemException;
import org.imagerepo.support.identity.IdentitySigner;
import org.imagerepo.support.identity.IdentityVerifier;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;
import org.imagerepo.support.transfer.TransferCapability.Operation;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signed transfer links of ADR 16: what they carry, and every way one is refused. */
class TransferCapabilityTest {

    private static final KeyPair GATEWAY = keyPair();
    private static final KeyPair OTHER = keyPair();
    private final TransferCapabilities.Verifier verifier = TransferCapabilities.verifier(GATEWAY.getPublic());

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    @Test
    void anUploadCapabilityCarriesItsImageReservationAndCaller() {
        String token = TransferCapabilities.sign(TransferCapability.upload("img-1", "alice", Set.of("hadoop-lab"),
                Role.USER, "res-1", 1234, inAMinute()), GATEWAY.getPrivate());
        TransferCapability capability = verifier.verify(token);
        assertEquals(Operation.UPLOAD, capability.operation());
        assertEquals("img-1", capability.imageId());
        assertEquals("res-1", capability.reservationId());
        assertEquals(1234, capability.size());
        assertEquals("alice", capability.caller().username());
        assertEquals(Set.of("hadoop-lab"), capability.caller().groups());
        assertEquals(UserStatus.ACTIVATED, capability.caller().status());
        assertNotNull(capability.id());
        assertEquals(token, capability.token());
        assertEquals(capability, capability.requireFor(Operation.UPLOAD, "img-1"));
    }

    @Test
    void aDownloadCapabilityCarriesWhatServesTheBytes() {
        TransferCapability capability = verifier.verify(TransferCapabilities.sign(TransferCapability.download("img-2",
                "ada", Set.of(), Role.ADMIN, "fs:///ab/img-2", 99, "ff00", "disk.img", inAMinute()), GATEWAY.getPrivate()));
        assertEquals(Operation.DOWNLOAD, capability.operation());
        assertEquals("fs:///ab/img-2", capability.location());
        assertEquals(99, capability.size());
        assertEquals("ff00", capability.sha256());
        assertEquals("disk.img", capability.name());
        assertEquals(Role.ADMIN, capability.role());
    }

    @Test
    void anotherImageOrOperationIsRefused() {
        TransferCapability capability = verifier.verify(TransferCapabilities.sign(TransferCapability.upload("img-1",
                "alice", Set.of(), Role.USER, "res-1", -1, inAMinute()), GATEWAY.getPrivate()));
        ProblemException otherImage = assertThrows(ProblemException.class,
                () -> capability.requireFor(Operation.UPLOAD, "img-2"));
        assertEquals(403, otherImage.problem().status());
        assertTrue(otherImage.getMessage().contains("another image"), otherImage.getMessage());
        ProblemException otherOperation = assertThrows(ProblemException.class,
                () -> capability.requireFor(Operation.DOWNLOAD, "img-1"));
        assertEquals(403, otherOperation.problem().status());
        assertTrue(otherOperation.getMessage().contains("not for downloading"), otherOperation.getMessage());
    }

    @Test
    void anExpiredCapabilityIsRefused() {
        String token = TransferCapabilities.sign(TransferCapability.upload("img-1", "alice", Set.of(), Role.USER,
                "res-1", 1, Instant.now().minusSeconds(120)), GATEWAY.getPrivate());
        ProblemException e = assertThrows(ProblemException.class, () -> verifier.verify(token));
        assertEquals(401, e.problem().status());
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void aCapabilityFromAnotherGatewayIsRefused() {
        String token = TransferCapabilities.sign(TransferCapability.upload("img-1", "alice", Set.of(), Role.USER,
                "res-1", 1, inAMinute()), OTHER.getPrivate());
        ProblemException e = assertThrows(ProblemException.class, () -> verifier.verify(token));
        assertEquals(401, e.problem().status());
        assertTrue(e.getMessage().contains("not issued by this repository's gateway"), e.getMessage());
    }

    @Test
    void anIdentityAssertionIsNoCapabilityNorTheReverse() {
        String assertion = new IdentitySigner(GATEWAY.getPrivate()).sign("alice", Set.of(), Role.USER, UserStatus.ACTIVATED);
        assertEquals(401, assertThrows(ProblemException.class, () -> verifier.verify(assertion)).problem().status());
        String capability = TransferCapabilities.sign(TransferCapability.upload("img-1", "alice", Set.of(), Role.USER,
                "res-1", 1, inAMinute()), GATEWAY.getPrivate());
        assertEquals(401, assertThrows(ProblemException.class,
                () -> new IdentityVerifier(GATEWAY.getPublic()).verify(capability)).problem().status());
    }

    @Test
    void aTamperedCapabilityIsRefused() {
        String token = TransferCapabilities.sign(TransferCapability.upload("img-1", "alice", Set.of(), Role.USER,
                "res-1", 1, inAMinute()), GATEWAY.getPrivate());
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("img-1", "img-9").getBytes());
        assertThrows(ProblemException.class, () -> verifier.verify(parts[0] + "." + forgedPayload + "." + parts[2]));
        assertThrows(ProblemException.class, () -> verifier.verify(""));
    }

    @Test
    void tracesKeepNoCapability() {
        assertEquals("capability=REDACTED", CapabilityRedaction.redact("capability=eyJhbGciOi.eyJzdWIi.sig"));
        assertEquals("store=s3&capability=REDACTED&x=1", CapabilityRedaction.redact("store=s3&capability=abc.def.ghi&x=1"));
        assertEquals("http://h/api/v1/files?capability=REDACTED",
                CapabilityRedaction.redact("http://h/api/v1/files?capability=a.b.c"));
        assertEquals("uri=fs:///x", CapabilityRedaction.redact("uri=fs:///x"));
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
