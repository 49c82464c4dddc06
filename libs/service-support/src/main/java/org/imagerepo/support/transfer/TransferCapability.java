package org.imagerepo.support.transfer;

import org.imagerepo.support.identity.Caller;
import org.imagerepo.support.identity.Role;
import org.imagerepo.support.identity.UserStatus;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The right to move one image's bytes once, signed by the gateway (ADR 16): the bearer may {@code operation}
 * the image {@code imageId} until {@code expiresAt}, as {@code username}. It travels in the URL the gateway
 * redirects a transfer to ({@link #QUERY_PARAMETER}), the way object stores sign URLs, so it is a bearer
 * credential: it grants nothing but this one transfer and is never logged.
 *
 * <p>A download capability carries what blob-service needs to serve the bytes without asking the catalog
 * again ({@code location}, {@code size}, {@code sha256}, {@code name}); an upload capability the quota
 * reservation that holds room for the bytes ({@code reservationId}, also the upload session) and the declared
 * {@code size} (-1: unknown). blob-service redeems an upload capability at most once (accounting claims its
 * reservation).
 *
 * @param id          the capability's own id (JWT {@code jti})
 * @param traceParent the W3C trace context of the gateway's request that made it, so that the transfer at
 *                    blob-service continues that trace; null when tracing is off
 * @param token       the signed text (compact JWS) it was read from; null before signing
 */
public record TransferCapability(String id, Operation operation, String imageId, String username, Set<String> groups,
                                 Role role, String reservationId, String location, long size, String sha256,
                                 String name, String traceParent, Instant expiresAt, String token) {

    /** The URL query parameter carrying the signed capability. */
    public static final String QUERY_PARAMETER = "capability";
    /** The header a service passes a capability on in, when it acts on the transfer's behalf (accounting). */
    public static final String HEADER = "X-Imagerepo-Transfer";
    /** Only transfer capabilities carry this audience: an identity assertion is never one, nor the reverse. */
    public static final String AUDIENCE = "imagerepo-transfer";

    public TransferCapability {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(username, "username");
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        role = role == null ? Role.USER : role;
    }

    /** An upload of {@code size} bytes (-1: unknown) of {@code imageId} into the room {@code reservationId} holds. */
    public static TransferCapability upload(String imageId, String username, Set<String> groups, Role role,
                                            String reservationId, long size, Instant expiresAt) {
        Objects.requireNonNull(reservationId, "reservationId");
        return new TransferCapability(null, Operation.UPLOAD, imageId, username, groups, role, reservationId, null,
                size, null, null, null, expiresAt, null);
    }

    /** A download of the copy at {@code location} of {@code imageId}, which has {@code size} bytes. */
    public static TransferCapability download(String imageId, String username, Set<String> groups, Role role,
                                              String location, long size, String sha256, String name,
                                              Instant expiresAt) {
        Objects.requireNonNull(location, "location");
        return new TransferCapability(null, Operation.DOWNLOAD, imageId, username, groups, role, null, location,
                size, sha256, name, null, expiresAt, null);
    }

    /** This capability, valid until {@code expiresAt} (the gateway sets it when it signs what blob-service prepared). */
    public TransferCapability expiringAt(Instant expiresAt) {
        return new TransferCapability(id, operation, imageId, username, groups, role, reservationId, location, size,
                sha256, name, traceParent, expiresAt, null);
    }

    /** This capability, carrying the trace its transfer continues (a W3C {@code traceparent}; null: none). */
    public TransferCapability tracedBy(String traceParent) {
        return new TransferCapability(id, operation, imageId, username, groups, role, reservationId, location, size,
                sha256, name, traceParent, expiresAt, null);
    }

    /**
     * The user the capability acts for. The gateway issues capabilities to activated users only; the signed text
     * is not an identity assertion, so the caller carries none to pass on.
     */
    public Caller caller() {
        return new Caller(username, groups, role, UserStatus.ACTIVATED, null);
    }

    /** This capability, refused (403 naming the mismatch) unless it is for {@code operation} on {@code imageId}. */
    public TransferCapability requireFor(Operation operation, String imageId) {
        if (this.operation != operation) {
            throw TransferRefusals.refused("This link is for " + this.operation.wire() + "ing, not for "
                    + operation.wire() + "ing; ask the gateway for a link to " + operation.wire() + ".");
        }
        if (imageId != null && !this.imageId.equals(imageId)) {
            throw TransferRefusals.refused("This link is for another image; ask the gateway for a link to image "
                    + imageId + ".");
        }
        return this;
    }

    /** What a transfer capability lets its bearer do. */
    public enum Operation {
        UPLOAD, DOWNLOAD;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Operation parseWire(String text) {
            for (Operation op : values()) {
                if (op.wire().equals(text)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown transfer operation '" + text + "': upload or download");
        }
    }
}
