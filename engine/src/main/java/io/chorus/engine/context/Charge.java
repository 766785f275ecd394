package io.chorus.engine.context;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

/** A charge on a bill. {@code creditedAt} is when billing credited it back, if it has. */
public record Charge(String chargeId, String accountId, String subscriptionId, YearMonth billMonth,
                     BigDecimal amount, ChargeKind kind, ChargeStatus status, Instant creditedAt) {
    public Charge {
        amount = Money.normalise(amount);
    }

    public Charge(String chargeId, String accountId, String subscriptionId, YearMonth billMonth, BigDecimal amount,
                  ChargeKind kind, ChargeStatus status) {
        this(chargeId, accountId, subscriptionId, billMonth, amount, kind, status, null);
    }

    /** The first day of the bill month: a line removed before it cannot owe this charge. */
    public LocalDate billMonthStart() {
        return billMonth.atDay(1);
    }

    /** True when the charge had been billed by {@code at}: bills are known from the start of their month. */
    public boolean billedBy(Instant at) {
        return !billMonthStart().isAfter(LocalDate.ofInstant(at, ZoneOffset.UTC));
    }

    public Charge withStatus(ChargeStatus newStatus, Instant at) {
        return new Charge(chargeId, accountId, subscriptionId, billMonth, amount, kind, newStatus,
                newStatus == ChargeStatus.CREDITED ? at : creditedAt);
    }
}
