package org.imagerepo.triggers.model;

import java.util.Locale;

/** Where a reservation's staging is. */
public enum ReservationState {
    /** Received; its image is copied at start − lead-time. */
    SCHEDULED,
    /** A copy to the target store is under way. */
    STAGING,
    /** The image is at the target store. */
    STAGED,
    /** Staging gave up (no such image, the copy kept failing until the start, the end passed). */
    FAILED,
    /** Ended; the staged copy (if made by us) was removed. */
    RELEASED,
    /** Withdrawn by the rain service (a staged copy made by us was removed). */
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReservationState parseWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** Nothing more will happen to it. */
    public boolean isFinal() {
        return this == FAILED || this == RELEASED || this == CANCELLED;
    }
}
