package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One thing a rule did, would have done (dry run), failed to do or skipped (ADR 10). */
@Entity
@Table(name = "trigger_actions")
public class ActionRecord {

    public static final int REASON_LENGTH = 2000;
    public static final int DETAIL_LENGTH = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "at", nullable = false)
    public Instant occurredAt;

    @Column(length = 64, nullable = false)
    public String rule;

    /** What it was about: an image id, a user name, a reservation id. */
    @Column(length = 256, nullable = false)
    public String subject;

    @Column(length = 64, nullable = false)
    public String action;

    @Column(length = REASON_LENGTH)
    public String reason;

    /** {@link Outcome#wire()}. */
    @Column(length = 16, nullable = false)
    public String outcome;

    @Column(name = "dry_run", nullable = false)
    public boolean dryRun;

    @Column(length = DETAIL_LENGTH)
    public String detail;
}
