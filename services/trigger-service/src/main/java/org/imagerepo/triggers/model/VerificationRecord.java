package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** When rule faulty-images last read an image's copies back, so each is read once per verify-every. */
@Entity
@Table(name = "trigger_verifications")
public class VerificationRecord {

    @Id
    @Column(name = "image_id", length = 128)
    public String imageId;

    @Column(name = "verified_at", nullable = false)
    public Instant verifiedAt;
}
