package org.imagerepo.accounting.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One download (table {@code accounting_accesses}), keyed by its event id; the same plain-entity choice as ImageBook. */
@Entity
@Table(name = "accounting_accesses")
public class AccessRecord {

    @Id
    @Column(name = "event_id", length = 36)
    public String eventId;

    @Column(name = "img_id", length = 64, nullable = false)
    public String imgId;

    /** Who downloaded. */
    @Column(length = 64, nullable = false)
    public String username;

    @Column(name = "accessed_at", nullable = false)
    public Instant accessedAt;

    @Column(nullable = false)
    public long bytes;

    /** False for a byte range: its bytes count as transferred, but it is not an access of the image. */
    @Column(name = "whole_image", nullable = false)
    public boolean wholeImage;
}
