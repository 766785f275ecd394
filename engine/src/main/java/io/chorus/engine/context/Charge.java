package io.chorus.engine.context;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;

public record Charge(String chargeId, String accountId, String subscriptionId, YearMonth billMonth,
                     BigDecimal amount, ChargeKind kind, ChargeStatus status) {
    public Charge {
        amount = Money.normalise(amount);
    }

    /** The first day of the bill month: a line removed before it cannot owe this charge. */
    public LocalDate billMonthStart() {
        return billMonth.atDay(1);
    }
}
