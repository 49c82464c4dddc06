package org.imagerepo.support.identity;

/**
 * The gateway-signed statement of who is calling (ADR 9): a compact JWS in {@link #HEADER}, RS256, signed
 * with the gateway's private key and verified by every service with its public key. A Keycloak token is
 * not signed by that key, so a request that went around the gateway cannot pass for one that came through.
 */
public final class IdentityAssertion {

    /** The header carrying the assertion from the gateway to the services, and between services. */
    public static final String HEADER = "X-Imagerepo-Identity";
    public static final String ISSUER = "imagerepo-gateway";
    public static final String AUDIENCE = "imagerepo-services";
    static final String GROUPS = "groups";
    static final String ROLES = "roles";
    static final String STATUS = "status";
    /** Long enough for a service to call another one; a request's assertion is checked when it starts. */
    static final long LIFETIME_SECONDS = 300;

    private IdentityAssertion() {
    }
}
