package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** Whether a user was over quota at the last usage seen: the quota rule acts on crossings only. */
@Entity
@Table(name = "trigger_quota_states")
public class QuotaState {

    @Id
    @Column(length = 64)
    public String username;

    @Column(name = "over_quota", nullable = false)
    public boolean overQuota;

    @Column(name = "used_bytes", nullable = false)
    public long usedBytes;

    @Column(nullable = false)
    public long quota;

    /** When the usage last applied happened: an older event arriving late changes nothing. */
    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;
}
