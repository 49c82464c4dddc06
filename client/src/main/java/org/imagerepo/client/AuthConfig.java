package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How to sign in to a repository, as its gateway announces it at {@code GET /api/v1/auth} (no token needed): the
 * OpenID provider (Keycloak) whose tokens the gateway accepts, and the public client the command line signs in as.
 *
 * @param issuer                      the provider's issuer URL, e.g. {@code http://127.0.0.1:8380/realms/imagerepo}
 * @param clientId                    the public client to sign in as, e.g. {@code imagerepo-cli}
 * @param tokenEndpoint               where the password, device-code and refresh grants are posted
 * @param deviceAuthorizationEndpoint where a device sign-in starts (RFC 8628), or {@code null} if not offered
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthConfig(String issuer, String clientId, String tokenEndpoint, String deviceAuthorizationEndpoint) {
}
