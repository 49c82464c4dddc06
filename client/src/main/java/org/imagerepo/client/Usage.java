package org.imagerepo.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.LocalDate;
import java.util.List;

/**
 * A user's (or, for {@code *}, everyone's) use of the repository per day ({@code GET /api/v1/usage}).
 *
 * @param user   whose use: a user name, or {@code *} for all users
 * @param from   the first day
 * @param to     the day after the last (exclusive)
 * @param days   one row per day, oldest first
 * @param totals the sums over the days
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"user", "from", "to", "days", "totals"})
public record Usage(String user, LocalDate from, LocalDate to, List<Day> days, Totals totals) {

    public Usage {
        days = days == null ? List.of() : List.copyOf(days);
    }

    /**
     * One day's use.
     *
     * @param day              the day (UTC)
     * @param storedByteHours  bytes stored times hours stored that day (a 1 GiB image kept all day: 24 GiB·h)
     * @param transferredBytes bytes downloaded that day
     * @param downloads        downloads made that day
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"day", "storedByteHours", "transferredBytes", "downloads"})
    public record Day(LocalDate day, double storedByteHours, long transferredBytes, long downloads) {
    }

    /** The sums of {@link Day}'s counts over the period. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"storedByteHours", "transferredBytes", "downloads"})
    public record Totals(double storedByteHours, long transferredBytes, long downloads) {
    }
}
