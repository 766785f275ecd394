package io.chorus.engine.decision;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Calendar arithmetic for rules ({@code import function io.chorus.engine.decision.Dates.daysSince;}).
 * Every function takes the decision's {@code asOf}, never the wall clock.
 */
public final class Dates {
    private Dates() {
    }

    /** Whole days from {@code at} to {@code asOf}; negative when {@code at} is later. */
    public static long daysSince(Instant at, Instant asOf) {
        return ChronoUnit.DAYS.between(at, asOf);
    }

    /** Whole days from {@code today} until {@code date}; negative once it has passed. */
    public static long daysUntil(LocalDate date, LocalDate today) {
        return ChronoUnit.DAYS.between(today, date);
    }

    /** Whole calendar months from {@code at} to {@code asOf}. */
    public static long monthsSince(Instant at, Instant asOf) {
        return ChronoUnit.MONTHS.between(LocalDate.ofInstant(at, ZoneOffset.UTC), LocalDate.ofInstant(asOf, ZoneOffset.UTC));
    }

    /** Whole years from {@code date} to {@code today}: a customer's tenure. */
    public static long yearsSince(LocalDate date, LocalDate today) {
        return ChronoUnit.YEARS.between(date, today);
    }

    /** True when the line had ended before the bill month began, so it cannot owe that month's charges. */
    public static boolean endedBefore(LocalDate endedAt, YearMonth billMonth) {
        return endedAt != null && endedAt.isBefore(billMonth.atDay(1));
    }

    /** A date an analyst wrote in a table ({@code 2026-04-01}); parsed once per text, as tables repeat it. */
    public static LocalDate day(String isoDate) {
        return DAYS.computeIfAbsent(isoDate, LocalDate::parse);
    }

    private static final java.util.concurrent.ConcurrentMap<String, LocalDate> DAYS =
            new java.util.concurrent.ConcurrentHashMap<>();
}
