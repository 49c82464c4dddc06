package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Instant;

/**
 * A user as the repository records them (accounting-service). Enumerated fields are strings, as in {@link Image},
 * so that new values do not break old clients.
 *
 * @param username   the user name (Keycloak's {@code preferred_username})
 * @param role       {@code admin} or {@code user}
 * @param status     {@code pending} (not yet allowed in), {@code activated} or {@code deactivated}
 * @param quota      how many bytes of images the user may store, or {@code null} when not limited
 * @param usedBytes  how many bytes the user's images take
 * @param imageCount how many images the user owns
 * @param createdAt  when the repository first saw the user
 * @param lastSignIn when the user last came through the gateway, or {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"username", "role", "status", "quota", "usedBytes", "imageCount", "createdAt", "lastSignIn"})
public record User(String username, String role, String status, Long quota, Long usedBytes, Long imageCount,
                   @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant createdAt,
                   @JsonDeserialize(using = Json.LenientInstantDeserializer.class) Instant lastSignIn) {

    public static final String ROLE_ADMIN = "admin";
    public static final String ROLE_USER = "user";
    public static final String STATUS_PENDING = "pending";
    public static final String STATUS_ACTIVATED = "activated";
    public static final String STATUS_DEACTIVATED = "deactivated";

    @JsonIgnore
    public boolean isAdmin() {
        return ROLE_ADMIN.equalsIgnoreCase(role);
    }

    /** Whether the user may use the repository (pending and deactivated users may only look at themselves). */
    @JsonIgnore
    public boolean isActivated() {
        return STATUS_ACTIVATED.equalsIgnoreCase(status);
    }
}
