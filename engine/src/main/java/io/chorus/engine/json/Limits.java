package io.chorus.engine.json;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits every document and request keeps (docs/api.md, "Limits"): short ids, bounded text, no NUL,
 * timestamps a database can store, money with cents and a size. Each check answers what is wrong in words for the
 * caller, or null when the value is fine.
 */
public final class Limits {
    /** Ids and identifier values: customerId, eventId, accountId, an MSISDN… */
    public static final int MAX_ID_LENGTH = 128;
    /** Any other text: a name, a note, a case summary. */
    public static final int MAX_TEXT_LENGTH = 4096;
    public static final int EARLIEST_YEAR = 1900;
    public static final int LATEST_YEAR = 9999;
    /** Money: at most two decimals, and less than a billion either way (a customer's bill, not a budget). */
    public static final int MONEY_DECIMALS = 2;
    public static final BigDecimal MONEY_LIMIT = new BigDecimal("999999999.99");

    /**
     * The most items each list of a customer context may hold. A decision joins these lists with each other in
     * the rules, so its time and memory grow faster than the document: at these sizes, with every list full of
     * copies (the worst case), one decision of the default rule set takes about a second on two shared cores, where
     * a thousand surveys or accounts took tens of seconds and gigabytes.
     */
    public static final Map<String, Integer> MOST_ITEMS = orderedMap(
            "identifiers", 20, "consentChanges", 100, "accounts", 10, "subscriptions", 50, "accountEvents", 200,
            "charges", 300, "interactions", 200, "cases", 50, "promotions", 20, "surveys", 20,
            "contactHistory", 200);
    /** Events in one POST /v1/events: a batch is one transaction. */
    public static final int MOST_EVENTS_PER_BATCH = 1000;

    private static final Instant EARLIEST = LocalDate.of(EARLIEST_YEAR, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant AFTER_LATEST = LocalDate.of(LATEST_YEAR + 1, 1, 1).atStartOfDay(ZoneOffset.UTC)
            .toInstant();

    private Limits() {
    }

    public static String idProblem(String value) {
        return stringProblem(value, MAX_ID_LENGTH);
    }

    public static String textProblem(String value) {
        return stringProblem(value, MAX_TEXT_LENGTH);
    }

    /** Null for a string of at most {@code most} characters, with no NUL and no half of a surrogate pair. */
    public static String stringProblem(String value, int most) {
        if (value == null) {
            return null;
        }
        if (value.length() > most) {
            return "at most " + String.format("%,d", most) + " characters, was " + String.format("%,d", value.length());
        }
        return characterProblem(value);
    }

    /** NUL cannot be stored; a lone surrogate is not Unicode and cannot be written as UTF-8. */
    public static String characterProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "must not contain a NUL character (at position " + i + ")";
            }
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return "is not valid Unicode: a lone surrogate at position " + i;
                }
            }
        }
        return null;
    }

    public static boolean inRange(Instant at) {
        return !at.isBefore(EARLIEST) && at.isBefore(AFTER_LATEST);
    }

    public static boolean inRange(LocalDate date) {
        return date.getYear() >= EARLIEST_YEAR && date.getYear() <= LATEST_YEAR;
    }

    public static boolean inRange(YearMonth month) {
        return month.getYear() >= EARLIEST_YEAR && month.getYear() <= LATEST_YEAR;
    }

    public static String yearRange() {
        return "between the years " + EARLIEST_YEAR + " and " + LATEST_YEAR;
    }

    /**
     * Null for an amount of money we can carry: at most two decimals (12.50, 12.5 and 12.500 are the same amount;
     * 12.505 is not money) and at most {@link #MONEY_LIMIT} either way. Checked on the number as read, before
     * anything scales it: 1e999999999 is one short token and would otherwise become a billion digits.
     */
    public static String moneyProblem(BigDecimal amount) {
        if (amount == null) {
            return null;
        }
        // precision - scale is the number of digits before the point; compared first, it is cheap for any exponent.
        if (amount.precision() - amount.scale() > MONEY_LIMIT.precision() - MONEY_LIMIT.scale()
                || amount.abs().compareTo(MONEY_LIMIT) > 0) {
            return "must be at most " + MONEY_LIMIT.toPlainString() + " either way, was " + abbreviated(amount);
        }
        if (amount.scale() > MONEY_DECIMALS && amount.stripTrailingZeros().scale() > MONEY_DECIMALS) {
            return "money has at most " + MONEY_DECIMALS + " decimals, was " + abbreviated(amount);
        }
        return null;
    }

    /** Null when a list of {@code size} items fits under its cap. */
    public static String itemsProblem(String list, int size) {
        Integer most = MOST_ITEMS.get(list);
        return most == null || size <= most ? null
                : "at most " + String.format("%,d", most) + " items, was " + String.format("%,d", size);
    }

    private static Map<String, Integer> orderedMap(Object... namesAndCaps) {
        Map<String, Integer> caps = new LinkedHashMap<>();
        for (int i = 0; i < namesAndCaps.length; i += 2) {
            caps.put((String) namesAndCaps[i], (Integer) namesAndCaps[i + 1]);
        }
        return Collections.unmodifiableMap(caps);
    }

    private static String abbreviated(BigDecimal amount) {
        String text = amount.toString();
        return text.length() <= 40 ? text : text.substring(0, 37) + "…";
    }
}
