package org.imagerepo.triggers.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A rain reservation as last received, and how far its staging got; the state survives restarts. */
@Entity
@Table(name = "trigger_reservations")
public class ReservationRecord {

    @Id
    @Column(name = "reservation_id", length = 256)
    public String reservationId;

    @Column(name = "image_id", length = 128, nullable = false)
    public String imageId;

    @Column(length = 64, nullable = false)
    public String target;

    @Column(name = "start_at", nullable = false)
    public Instant startAt;

    @Column(name = "end_at", nullable = false)
    public Instant endAt;

    /** The rain service withdrew it. */
    @Column(nullable = false)
    public boolean cancelled;

    /** {@link ReservationState#wire()}. */
    @Column(length = 16, nullable = false)
    public String state;

    /** Where the image is in the target store once staged. */
    @Column(length = 2000)
    public String location;

    /** Whether that copy was made for this reservation (only then is it removed after the end). */
    @Column(name = "made_by_us", nullable = false)
    public boolean madeByUs;

    /** Failed copy attempts so far. */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error", length = 2000)
    public String lastError;

    /** The step a dry run last recorded, so that a dry run records each would-be step once, not every tick. */
    @Column(name = "dry_run_step", length = 32)
    public String dryRunStep;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    public ReservationState state() {
        return ReservationState.parseWire(state);
    }
}
