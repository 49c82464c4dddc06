package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Who does a piece of work every instance could do (the tick), and until when, unless they renew it. */
@Entity
@Table(name = "trigger_leases")
public class LeaseRecord {

    @Id
    @Column(name = "name", length = 64)
    public String name;

    @Column(name = "holder", length = 200, nullable = false)
    public String holder;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
