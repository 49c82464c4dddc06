package org.imagerepo.accounting.service;

import java.util.List;

/** What a reconciliation found: the users checked, the drifted ones, and how many were repaired. */
public record ReconciliationReport(int checkedUsers, int repaired, List<Drift> drift) {

    /** A user whose recorded usage differs from the catalog's. */
    public record Drift(String username, long recordedBytes, long actualBytes, long recordedImages, long actualImages) {
    }
}
