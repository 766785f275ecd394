package io.chorus.engine.learning;

import io.chorus.engine.context.Account;
import io.chorus.engine.context.AccountStatus;
import io.chorus.engine.context.CaseStatus;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.context.Subscription;
import io.chorus.engine.context.SubscriptionStatus;
import io.chorus.engine.context.Survey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;

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

    /** The value for a context already projected to {@code asOf}; a String for categories, a Double for numbers. */
    Object read(CustomerContext c, Channel channel, Instant asOf) {
        LocalDate day = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        return switch (this) {
            case SEGMENT -> c.segment() == null ? null : c.segment().name();
            case CHANNEL -> channel.name();
            case TENURE_MONTHS -> c.accounts().stream().map(Account::openedAt).filter(d -> d != null)
                    .min(Comparator.naturalOrder()).map(d -> (double) ChronoUnit.MONTHS.between(d, day)).orElse(null);
            case MONTHLY_COMMITMENT -> c.accounts().stream().filter(a -> a.status() != AccountStatus.CLOSED)
                    .map(Account::monthlyCommitment).filter(m -> m != null).reduce(BigDecimal::add)
                    .map(BigDecimal::doubleValue).orElse(null);
            case ACTIVE_LINES -> (double) c.subscriptions().stream().map(Subscription::status)
                    .filter(s -> s == SubscriptionStatus.ACTIVE).count();
            case LAST_SURVEY_SCORE -> c.surveys().stream().filter(s -> s.score() != null)
                    .max(Comparator.comparing(Survey::at)).map(s -> (double) s.score()).orElse(null);
            case OPEN_CASES -> (double) c.cases().stream().filter(k -> k.status() == CaseStatus.OPEN).count();
            case MONTHS_TO_CONTRACT_END -> c.accounts().stream().filter(a -> a.status() != AccountStatus.CLOSED)
                    .map(Account::contractEnd).filter(d -> d != null).min(Comparator.naturalOrder())
                    .map(d -> (double) ChronoUnit.MONTHS.between(day, d)).orElse(null);
            case RECENT_ACCOUNT_EVENTS -> (double) c.accountEvents().stream()
                    .filter(e -> e.at() != null && !e.at().isBefore(asOf.minus(Duration.ofDays(90)))).count();
        };
    }
}
