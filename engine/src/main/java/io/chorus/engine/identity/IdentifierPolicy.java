package io.chorus.engine.identity;

import io.chorus.engine.context.Identifier;
import io.chorus.engine.context.IdentifierType;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an identifier is written once, so that every way a person or a system writes it finds the same customer
 * (docs/api.md, "Finding a customer"). One normal form per type:
 * <ul>
 *   <li>MSISDN: E.164, {@code +447700900001}. Spaces, dashes, dots and brackets are ignored; {@code 0044…} is
 *   {@code +44…}, and {@code +44 (0)7700…} drops its bracketed national prefix; a national number
 *   ({@code 07700 900001}) takes the default country; so does the default country's number written without its
 *   {@code +} ({@code 447700900001}, as telecom systems often store it, and as an unencoded {@code +} in a URL
 *   arrives). Anything else without a prefix is refused rather than guessed at.</li>
 *   <li>EMAIL: trimmed, lower case.</li>
 *   <li>SOCIAL: trimmed, lower case, with one leading {@code @} whether or not it was given.</li>
 *   <li>ACCOUNT, STORE_CARD: trimmed, otherwise exactly as given.</li>
 * </ul>
 * National numbers are recognised by the trunk prefix {@code 0} (as in the UK and most of Europe).
 *
 * @param defaultCountryCode the country calling code a national number belongs to, as {@code +44}
 */
public record IdentifierPolicy(String defaultCountryCode) {
    /** docs/api.md, "Limits": identifier values are at most 128 characters. */
    public static final int MAX_LENGTH = io.chorus.engine.json.Limits.MAX_ID_LENGTH;
    /** E.164: at most 15 digits, country code included. */
    static final int MOST_DIGITS = 15;
    /** The shortest numbers in service (Niue, Tokelau) have 7 digits with their country code. */
    static final int FEWEST_DIGITS = 7;

    private static final Pattern NATIONAL_PREFIX_IN_BRACKETS = Pattern.compile("\\(\\s*0\\s*\\)");

    public static final IdentifierPolicy UNITED_KINGDOM = new IdentifierPolicy("+44");

    /** Accepts {@code +44} or {@code 44} (YAML reads an unquoted {@code +44} as the number 44). */
    public IdentifierPolicy {
        String digits = defaultCountryCode == null ? "" : defaultCountryCode.strip();
        digits = digits.startsWith("+") ? digits.substring(1) : digits;
        if (!digits.matches("[1-9][0-9]{0,2}")) {
            throw new IllegalArgumentException("the default country code must be a country calling code such as "
                    + "+44 (1 to 3 digits, not starting with 0), was \"" + defaultCountryCode + "\"");
        }
        defaultCountryCode = "+" + digits;
    }

    /** The identifier in its normal form; the type is required. */
    public Identifier normalise(Identifier identifier) {
        return new Identifier(identifier.type(), normalise(identifier.type(), identifier.value()));
    }

    public String normalise(IdentifierType type, String value) {
        if (value == null) {
            throw new InvalidIdentifierException("required");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidIdentifierException("at most " + MAX_LENGTH + " characters, was " + value.length());
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidIdentifierException("must not contain a NUL character");
        }
        String trimmed = value.strip();
        String normal = switch (type) {
            case MSISDN -> trimmed.isEmpty() ? "" : e164(trimmed);
            case EMAIL -> trimmed.toLowerCase(Locale.ROOT);
            case SOCIAL -> {
                String handle = trimmed.startsWith("@") ? trimmed.substring(1).strip() : trimmed;
                yield handle.isEmpty() ? "" : "@" + handle.toLowerCase(Locale.ROOT);
            }
            case ACCOUNT, STORE_CARD -> trimmed;
        };
        if (normal.isEmpty()) {
            throw new InvalidIdentifierException("must not be empty");
        }
        return normal;
    }

    /**
     * Reads {@code TYPE:VALUE} (as in {@code GET /v1/customers?identifier=MSISDN:07700900001}) into a normalised
     * identifier; the value may itself hold colons.
     */
    public Identifier parse(String typeAndValue) {
        if (typeAndValue == null || typeAndValue.isBlank()) {
            throw new InvalidIdentifierException("required, as TYPE:VALUE (e.g. EMAIL:sam@example.com)");
        }
        int colon = typeAndValue.indexOf(':');
        if (colon < 0) {
            throw new InvalidIdentifierException("expected TYPE:VALUE (e.g. EMAIL:sam@example.com), was \""
                    + abbreviated(typeAndValue) + "\"");
        }
        String typeName = typeAndValue.substring(0, colon).strip();
        IdentifierType type = Arrays.stream(IdentifierType.values()).filter(t -> t.name().equals(typeName))
                .findFirst().orElseThrow(() -> new InvalidIdentifierException("unknown identifier type \""
                        + abbreviated(typeName) + "\"; expected one of " + Arrays.toString(IdentifierType.values())));
        return new Identifier(type, normalise(type, typeAndValue.substring(colon + 1)));
    }

    private String e164(String written) {
        Number number = Number.read(written);
        if (number.plus() || number.digits().startsWith("00")) {
            // "+44 (0)7700 900001": the bracketed 0 is the national prefix, which an international number drops.
            number = Number.read(NATIONAL_PREFIX_IN_BRACKETS.matcher(written).replaceAll(""));
        }
        String digits = number.digits();
        String countryCode = defaultCountryCode.substring(1);
        String international;
        if (number.plus()) {
            international = digits;
        } else if (digits.startsWith("00")) {
            international = digits.substring(2);
        } else if (digits.startsWith("0")) {
            international = countryCode + digits.substring(1);
        } else if (digits.startsWith(countryCode)) {
            international = digits;
        } else {
            throw new InvalidIdentifierException("not a phone number we can place: \"" + abbreviated(written)
                    + "\" has no international prefix (" + defaultCountryCode + "…, 00…) and is not a national "
                    + "number (0…)");
        }
        if (international.startsWith("0")) {
            throw new InvalidIdentifierException("not a phone number: \"" + abbreviated(written)
                    + "\"; a country calling code never starts with 0");
        }
        if (international.length() < FEWEST_DIGITS || international.length() > MOST_DIGITS) {
            throw new InvalidIdentifierException("not a phone number: \"" + abbreviated(written) + "\" has "
                    + international.length() + " digits with its country code; E.164 numbers have "
                    + FEWEST_DIGITS + " to " + MOST_DIGITS);
        }
        return "+" + international;
    }

    /** A written number's digits, and whether a {@code +} came before the first of them. */
    private record Number(boolean plus, String digits) {
        static Number read(String written) {
            boolean plus = false;
            StringBuilder digits = new StringBuilder(written.length());
            for (int i = 0; i < written.length(); i++) {
                char c = written.charAt(i);
                if (c >= '0' && c <= '9') {
                    digits.append(c);
                } else if (c == '+' && !plus && digits.isEmpty()) {
                    plus = true;
                } else if (!isSeparator(c)) {
                    throw new InvalidIdentifierException("not a phone number: \"" + abbreviated(written)
                            + "\" holds '" + c + "'; an MSISDN is digits, a leading + and the separators ( ) - . only");
                }
            }
            return new Number(plus, digits.toString());
        }
    }

    private static boolean isSeparator(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '-' || c == '.' || c == '('
                || c == ')' || Character.getType(c) == Character.DASH_PUNCTUATION;
    }

    /** Echoes what was sent, but never a whole oversized value back into a message. */
    private static String abbreviated(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
