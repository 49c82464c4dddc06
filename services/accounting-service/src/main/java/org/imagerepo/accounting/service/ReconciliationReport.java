package org.imagerepo.accounting.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** What a reconciliation found: the users checked, the drifted ones, and how many were repaired. */
@Schema(name = "ReconciliationReport")
public record ReconciliationReport(int checkedUsers, int repaired, List<Drift> drift) {

    /** A user whose recorded usage differs from the catalog's. */
    @Schema(name = "UsageDrift", description = "A user whose recorded usage differs from the catalog's")
    public record Drift(String username, long recordedBytes, long actualBytes, long recordedImages, long actualImages) {
    }
}
