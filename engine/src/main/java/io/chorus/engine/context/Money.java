package io.chorus.engine.context;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/** Money is carried with two decimals everywhere, so JSON shows {@code 12.50}, never {@code 12.5}. */
public final class Money {
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(2);

    private Money() {
    }

    public static BigDecimal normalise(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2, RoundingMode.HALF_EVEN);
    }

    public static BigDecimal of(double amount) {
        return normalise(BigDecimal.valueOf(amount));
    }

    /** The sum of the charges' amounts. Rules use it after collecting charges. */
    public static BigDecimal total(Collection<?> charges) {
        BigDecimal total = ZERO;
        for (Object each : charges) {
            total = total.add(((Charge) each).amount());
        }
        return total;
    }

    public static BigDecimal times(BigDecimal amount, long count) {
        return normalise(amount.multiply(BigDecimal.valueOf(count)));
    }
}
