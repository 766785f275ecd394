package io.chorus.simulator.report;

import java.math.BigDecimal;
import java.util.Locale;

/** How numbers and money read in the terminal and HTML reports. */
final class Format {
    private Format() {
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal money) {
            return money(money);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return value.toString();
    }

    /** A propensity threshold as given: 0.1, not 0.100000. */
    static String threshold(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    static String money(BigDecimal amount) {
        return amount == null ? "" : String.format(Locale.ROOT, "%,.2f", amount);
    }
}
