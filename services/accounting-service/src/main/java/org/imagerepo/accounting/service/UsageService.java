package org.imagerepo.accounting.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.imagerepo.accounting.repository.Books;
import org.imagerepo.support.errors.InvalidRequestException;
import org.imagerepo.support.identity.Caller;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Usage per UTC day, computed from the books (ADR 10: not kept as a second copy). Stored byte-hours: for each
 * image of the user, its size times the hours within the day between its bytes being stored and its deletion
 * (or now). Transferred bytes and downloads: the downloads the user made that day (bytes of every download;
 * whole-image downloads), whoever owns the images.
 */
@ApplicationScoped
public class UsageService {

    /** Everyone's usage (admins). */
    public static final String EVERYONE = "*";
    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);

    @Inject
    Books books;

    Clock clock = Clock.systemUTC();

    /**
     * @param user null for the caller, another user or {@code *} (admins)
     * @param from first day, YYYY-MM-DD; null: 30 days before {@code to}
     * @param to day after the last, YYYY-MM-DD; null: tomorrow (so today is the last day)
     */
    @Transactional
    public UsageReport usage(Caller caller, String user, String from, String to) {
        String whose = user == null || user.isBlank() ? caller.username() : user.trim();
        if (!whose.equals(caller.username())) {
            HistoryService.requireAdmin(caller, EVERYONE.equals(whose) ? "see everyone's usage" : "see other users' usage");
        }
        Instant now = clock.instant();
        LocalDate last = to == null ? LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1) : day("to", to);
        LocalDate first = from == null ? last.minusDays(DEFAULT_DAYS) : day("from", from);
        long span = ChronoUnit.DAYS.between(first, last);
        if (span < 1 || span > MAX_DAYS) {
            throw new InvalidRequestException("invalid-period", "from (" + first + ") must be before to (" + last
                    + ", the day after the last) and the period at most " + MAX_DAYS + " days.");
        }
        String owner = EVERYONE.equals(whose) ? null : whose;
        Instant start = first.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = last.atStartOfDay(ZoneOffset.UTC).toInstant();
        int days = (int) span;
        BigDecimal[] byteMillis = new BigDecimal[days];
        Arrays.fill(byteMillis, BigDecimal.ZERO);
        long[] transferred = new long[days];
        long[] downloads = new long[days];

        try (Stream<Object[]> stored = books.storedBetween(owner, start, end)) {
            stored.forEach(row -> {
                long size = ((Number) row[0]).longValue();
                Instant storedAt = (Instant) row[1];
                Instant gone = row[2] == null ? now : (Instant) row[2];
                Instant from0 = storedAt.isAfter(start) ? storedAt : start;
                Instant to0 = gone.isBefore(end) ? gone : end;
                for (Instant t = from0; t.isBefore(to0); ) {
                    int index = (int) ChronoUnit.DAYS.between(start, t);
                    Instant dayEnd = start.plus(index + 1L, ChronoUnit.DAYS);
                    Instant until = dayEnd.isBefore(to0) ? dayEnd : to0;
                    byteMillis[index] = byteMillis[index].add(
                            BigDecimal.valueOf(size).multiply(BigDecimal.valueOf(ChronoUnit.MILLIS.between(t, until))));
                    t = until;
                }
            });
        }
        try (Stream<Object[]> accesses = books.downloadsBetween(owner, start, end)) {
            accesses.forEach(row -> {
                int index = (int) ChronoUnit.DAYS.between(start, (Instant) row[0]);
                transferred[index] += ((Number) row[1]).longValue();
                if (Boolean.TRUE.equals(row[2])) {
                    downloads[index]++;
                }
            });
        }

        List<UsageReport.Day> perDay = new ArrayList<>(days);
        BigDecimal totalByteMillis = BigDecimal.ZERO;
        long totalTransferred = 0;
        long totalDownloads = 0;
        for (int i = 0; i < days; i++) {
            perDay.add(new UsageReport.Day(first.plusDays(i), hours(byteMillis[i]), transferred[i], downloads[i]));
            totalByteMillis = totalByteMillis.add(byteMillis[i]);
            totalTransferred += transferred[i];
            totalDownloads += downloads[i];
        }
        return new UsageReport(whose, first, last, perDay,
                new UsageReport.Totals(hours(totalByteMillis), totalTransferred, totalDownloads));
    }

    private static double hours(BigDecimal byteMillis) {
        return byteMillis.divide(MILLIS_PER_HOUR, MathContext.DECIMAL64).doubleValue();
    }

    private static LocalDate day(String name, String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("invalid-date", "Invalid " + name + " '" + text
                    + "': give a day as YYYY-MM-DD (UTC), e.g. 2026-12-01.");
        }
    }
}
