package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * What an administrator changed of a rule, and when its scan last ran. Null columns (and settings not in
 * {@code settings}) fall back to the defaults of application.properties, so a default changed there applies
 * unless an administrator set that value.
 */
@Entity
@Table(name = "trigger_rules")
public class RuleRecord {

    @Id
    @Column(length = 64)
    public String name;

    public Boolean enabled;

    @Column(name = "dry_run")
    public Boolean dryRun;

    /** The settings set through the API, as a JSON object of strings. */
    @Column(length = 4000)
    public String settings;

    @Column(name = "last_run_at")
    public Instant lastRunAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "updated_by", length = 64)
    public String updatedBy;
}
