package org.imagerepo.triggers.model;

import java.util.Locale;

/** How an action ended. */
public enum Outcome {
    DONE, DRY_RUN, FAILED, SKIPPED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
