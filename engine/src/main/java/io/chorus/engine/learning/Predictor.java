package io.chorus.engine.learning;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.List;

/**
 * One predictor of {@code predictors.yaml}: a measure of the context, cut into bands when it is a number. A model
 * learns one weight per band (or category), so a value reads as {@code tenure=12-24}.
 */
public record Predictor(String name, Measure measure, List<Double> bands) {
    public static final String UNKNOWN = "unknown";

    public Predictor {
        bands = List.copyOf(bands);
    }

    /** The band or category this customer falls in on this channel, as of the decision. */
    public String bin(CustomerContext context, Channel channel, Instant asOf) {
        Object value = measure.read(context, channel, asOf);
        if (value == null) {
            return UNKNOWN;
        }
        if (!(value instanceof Double number)) {
            return value.toString();
        }
        if (bands.isEmpty()) {
            return plain(number);
        }
        if (number < bands.get(0)) {
            return "<" + plain(bands.get(0));
        }
        for (int i = 1; i < bands.size(); i++) {
            if (number < bands.get(i)) {
                return plain(bands.get(i - 1)) + "-" + plain(bands.get(i));
            }
        }
        return ">=" + plain(bands.get(bands.size() - 1));
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }
}
