package org.imagerepo.blob.client;

/** Space accounting-service holds for one upload (ADR 10 point 2): {@code bytes} in all, for {@code owner}. */
public record Reservation(String reservationId, String imgId, String owner, long bytes) {
}
