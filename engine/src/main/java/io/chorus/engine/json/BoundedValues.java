package io.chorus.engine.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.YearMonthDeserializer;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Timestamps, dates and money as the contract writes them, and only so: a timestamp is an ISO-8601 string between
 * the years 1900 and 9999 (never an epoch number, never a year a database cannot store); a date and a bill month
 * likewise; every decimal is money ({@link Limits#moneyProblem}). Registered after Jackson's JavaTimeModule, whose
 * string parsing these keep.
 */
final class BoundedValues extends SimpleModule {

    BoundedValues() {
        super("chorus-bounded-values");
        addDeserializer(Instant.class, new Bounded<>(Instant.class, InstantDeserializer.INSTANT,
                IsoShapes::instant, Limits::inRange));
        addDeserializer(LocalDate.class, new Bounded<>(LocalDate.class, LocalDateDeserializer.INSTANCE,
                IsoShapes::date, Limits::inRange));
        addDeserializer(YearMonth.class, new Bounded<>(YearMonth.class, YearMonthDeserializer.INSTANCE,
                text -> null, Limits::inRange));
        addDeserializer(BigDecimal.class, new MoneyDeserializer());
    }

    /**
     * A string parsed by Jackson's own deserializer, then held to the years we store. The shapes Chorus itself
     * writes ({@link IsoShapes}) are read directly first: a stored context holds dozens of timestamps, and the
     * general formatter was a twentieth of what a decision cost.
     */
    private static final class Bounded<T> extends StdScalarDeserializer<T> {
        private final JsonDeserializer<T> parser;
        private final Function<String, T> common;
        private final Predicate<T> inRange;

        Bounded(Class<T> type, JsonDeserializer<T> parser, Function<String, T> common, Predicate<T> inRange) {
            super(type);
            this.parser = parser;
            this.common = common;
            this.inRange = inRange;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                // Epoch numbers and [2026, 3, 10] arrays are Jackson's conveniences, not the contract's format.
                return (T) ctxt.handleUnexpectedToken(handledType(), p);
            }
            String text = p.getText();
            T quick = common.apply(text);
            T value = quick != null ? quick : parser.deserialize(p, ctxt);
            if (value != null && !inRange.test(value)) {
                throw JsonMappingException.from(p, "must be " + Limits.yearRange() + ", was \""
                        + (text.length() <= 40 ? text : text.substring(0, 37) + "…") + "\"");
            }
            return value;
        }
    }

    /** Every decimal of the contract is money: read exactly, refused before anything scales it. */
    private static final class MoneyDeserializer extends StdScalarDeserializer<BigDecimal> {
        MoneyDeserializer() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_INT) && !p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
                return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
            }
            BigDecimal amount;
            try {
                amount = p.getDecimalValue();
            } catch (NumberFormatException e) {
                // Only a double that is already infinite (read into a tree) gets here.
                throw JsonMappingException.from(p, "must be a finite number");
            }
            String problem = Limits.moneyProblem(amount);
            if (problem != null) {
                throw JsonMappingException.from(p, problem);
            }
            return amount;
        }
    }
}
