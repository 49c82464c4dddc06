package org.imagerepo.accounting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * Quota held for an upload in progress (table {@code accounting_reservations}, ADR 10): counted in its
 * owner's reservedBytes until blob-service releases it, BlobStored settles it or it expires. A plain entity
 * through the active unit's session, like ImageBook.
 */
@Entity
@Table(name = "accounting_reservations")
public class Reservation {

    @Id
    @Column(length = 36)
    public String id;

    @Column(name = "img_id", length = 64, nullable = false)
    public String imgId;

    /** The uploader, whose quota holds it. */
    @Column(length = 64, nullable = false)
    public String owner;

    @Column(nullable = false)
    public long bytes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The last change (creation, growth, shrinking): expiry counts from here, so a live upload keeps it. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** When an upload capability naming this reservation was first used (ADR 16); null until then. */
    @Column(name = "claimed_at")
    public Instant claimedAt;
}
