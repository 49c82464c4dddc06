package org.imagerepo.accounting.service;

import java.time.LocalDate;
import java.util.List;

/**
 * Usage per UTC day in [from, to): stored byte-hours (each stored image's size times the hours its bytes were
 * stored within the day) and what the user downloaded (bytes of every download, whole-image downloads).
 * {@code user} is {@code *} for everyone's.
 */
public record UsageReport(String user, LocalDate from, LocalDate to, List<Day> days, Totals totals) {

    public record Day(LocalDate day, double storedByteHours, long transferredBytes, long downloads) {
    }

    public record Totals(double storedByteHours, long transferredBytes, long downloads) {
    }
}
