package org.imagerepo.accounting.service;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.LocalDate;
import java.util.List;

/**
 * Usage per UTC day in [from, to): stored byte-hours (each stored image's size times the hours its bytes were
 * stored within the day) and what the user downloaded (bytes of every download, whole-image downloads).
 * {@code user} is {@code *} for everyone's.
 */
@Schema(name = "UsageReport")
public record UsageReport(String user, LocalDate from, LocalDate to, List<Day> days, Totals totals) {

    @Schema(name = "UsageDay")
    public record Day(LocalDate day, double storedByteHours, long transferredBytes, long downloads) {
    }

    @Schema(name = "UsageTotals")
    public record Totals(double storedByteHours, long transferredBytes, long downloads) {
    }
}
