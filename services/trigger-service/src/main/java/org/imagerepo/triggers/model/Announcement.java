package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An unused image whose owner was told it will be removed after the grace period unless it is used. */
@Entity
@Table(name = "trigger_announcements")
public class Announcement {

    @Id
    @Column(name = "image_id", length = 128)
    public String imageId;

    @Column(length = 64, nullable = false)
    public String owner;

    @Column(name = "announced_at", nullable = false)
    public Instant announcedAt;
}
