package org.imagerepo.testsupport;

import org.imagerepo.support.transfer.TransferCapabilities;
import org.imagerepo.support.transfer.TransferCapability;
import java.security.PrivateKey;

import org.imagerepo.support.identity.IdentityAssertion;
import org.imagerepo.support.identity.IdentitySigner;
import org.imagerepo.support.identity.PemKeys;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;

import java.util.Set;

/**
 * Identity assertions as the gateway makes them (ADR 9), for service tests that call a service directly.
 * They are signed with a DEMO key pair kept in this module for tests only
 * ({@code org/imagerepo/testsupport/demo-identity-*.pem}); a service under test trusts it through
 * {@code %test.imagerepo.identity.public-key-file=} {@value #PUBLIC_KEY}.
 */
public final class TestIdentities {

    public static final String HEADER = IdentityAssertion.HEADER;
    public static final String PUBLIC_KEY = "classpath:org/imagerepo/testsupport/demo-identity-public.pem";
    public static final String PRIVATE_KEY = "classpath:org/imagerepo/testsupport/demo-identity-private.pem";

    private static final PrivateKey KEY = PemKeys.privateKey(PRIVATE_KEY);
    private static final IdentitySigner SIGNER = new IdentitySigner(KEY);

    private TestIdentities() {
    }

    /** An activated user in {@code groups}. */
    public static String user(String name, String... groups) {
        return SIGNER.sign(name, Set.of(groups), Role.USER, UserStatus.ACTIVATED);
    }

    /** An activated repository administrator. */
    public static String admin(String name) {
        return SIGNER.sign(name, Set.of(), Role.ADMIN, UserStatus.ACTIVATED);
    }

    /** {@code capability} signed as the gateway signs transfer links (ADR 16). */
    public static String capability(TransferCapability capability) {
        return TransferCapabilities.sign(capability, KEY);
    }

    /** A user in the given status. */
    public static String withStatus(String name, UserStatus status) {
        return SIGNER.sign(name, Set.of(), Role.USER, status);
    }

    /** What the gateway sends accounting-service at sign-in: no status yet, the role from the token. */
    public static String signIn(String name, Role tokenRole, String... groups) {
        return SIGNER.sign(name, Set.of(groups), tokenRole, null);
    }
}
