package io.chorus.engine.learning;

import io.chorus.engine.context.Account;
import io.chorus.engine.context.AccountStatus;
import io.chorus.engine.context.CaseStatus;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.context.Survey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a predictor can read from a customer's context as of a decision: the vocabulary analysts choose from in
 * {@code predictors.yaml}. Numeric measures are cut into the bands the analyst gives; the others are categories.
 * A measure the context cannot give (no survey answered, no contract end) is {@code null}, its own category.
 */
public enum Measure {
    /** CONSUMER or BUSINESS. */
    SEGMENT(false),
    /** The channel the decision is for. */
    CHANNEL(false),
    /** Whole months since the oldest account was opened. */
    TENURE_MONTHS(true),
    /** The sum of the open accounts' monthly commitments. */
    MONTHLY_COMMITMENT(true),
    /** Lines (SIMs) active on the day. */
    ACTIVE_LINES(true),
    /** The score of the most recent survey answered. */
    LAST_SURVEY_SCORE(true),
    /** Cases open on the day. */
    OPEN_CASES(true),
    /** Whole months until the nearest contract end of an open account; negative once it has passed. */
    MONTHS_TO_CONTRACT_END(true),
    /** Account events (lines added or removed, port-out requests, renewals…) in the last 90 days. */
    RECENT_ACCOUNT_EVENTS(true);

    private final boolean numeric;

    Measure(boolean numeric) {
        this.numeric = numeric;
    }

    public boolean numeric() {
        return numeric;
    }

    /** The measure's name as analysts write it: {@code tenure-months}. */
    public String fileName() {
        return name().toLowerCase().replace('_', '-');
    }

    public static Measure ofFileName(String name) {
        for (Measure m : values()) {
            if (m.fileName().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** A category's value (SEGMENT, CHANNEL); null when the context has none. */
    String category(CustomerContext c, Channel channel) {
        return switch (this) {
            case SEGMENT -> c.segment() == null ? null : c.segment().name();
            case CHANNEL -> channel.name();
            default -> throw new IllegalStateException(this + " is a number");
        };
    }

    /**
     * A number's value for a context already projected to {@code asOf}; NaN when the context cannot give it. Plain
     * loops: every decision that learns reads each of these.
     */
    double number(CustomerContext c, Instant asOf) {
        LocalDate day = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        switch (this) {
            case TENURE_MONTHS -> {
                LocalDate oldest = earliest(c.accounts(), a -> true, Account::openedAt);
                return oldest == null ? Double.NaN : ChronoUnit.MONTHS.between(oldest, day);
            }
            case MONTHLY_COMMITMENT -> {
                BigDecimal sum = null;
                for (Account a : c.accounts()) {
                    if (a.status() != AccountStatus.CLOSED && a.monthlyCommitment() != null) {
                        sum = sum == null ? a.monthlyCommitment() : sum.add(a.monthlyCommitment());
                    }
                }
                return sum == null ? Double.NaN : sum.doubleValue();
            }
            case ACTIVE_LINES -> {
                return count(c.subscriptions(), s -> s.status() == SubscriptionStatus.ACTIVE);
            }
            case LAST_SURVEY_SCORE -> {
                Survey last = null;
                for (Survey s : c.surveys()) {
                    if (s.score() != null && (last == null || s.at() != null && (last.at() == null || s.at().isAfter(last.at())))) {
                        last = s;
                    }
                }
                return last == null ? Double.NaN : last.score();
            }
            case OPEN_CASES -> {
                return count(c.cases(), k -> k.status() == CaseStatus.OPEN);
            }
            case MONTHS_TO_CONTRACT_END -> {
                LocalDate nearest = earliest(c.accounts(), a -> a.status() != AccountStatus.CLOSED, Account::contractEnd);
                return nearest == null ? Double.NaN : ChronoUnit.MONTHS.between(day, nearest);
            }
            case RECENT_ACCOUNT_EVENTS -> {
                Instant since = asOf.minus(Duration.ofDays(90));
                return count(c.accountEvents(), e -> e.at() != null && !e.at().isBefore(since));
            }
            default -> throw new IllegalStateException(this + " is a category");
        }
    }

    /** How many of the items match; a loop, not a stream: every decision that learns reads these. */
    private static <T> int count(List<T> items, Predicate<T> matching) {
        int n = 0;
        for (T item : items) {
            if (matching.test(item)) {
                n++;
            }
        }
        return n;
    }

    /** The earliest of the dates the chosen accounts have; null when none has one. */
    private static LocalDate earliest(List<Account> accounts, Predicate<Account> which,
                                      Function<Account, LocalDate> date) {
        LocalDate earliest = null;
        for (Account a : accounts) {
            LocalDate d = which.test(a) ? date.apply(a) : null;
            if (d != null && (earliest == null || d.isBefore(earliest))) {
                earliest = d;
            }
        }
        return earliest;
    }
}
