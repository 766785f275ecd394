package io.chorus.engine.learning;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One predictor of {@code predictors.yaml}: a measure of the context, cut into bands when it is a number. A model
 * learns one weight per band (or category), so a value reads as {@code tenure=12-24}.
 * <p>
 * Every decision that learns asks each predictor for its feature, so the {@code name=band} texts are made once: a
 * band's from the bands at load, a category's the first time it is seen. A decision then allocates no text, and
 * the models' lookups reuse each text's cached hash.
 */
public final class Predictor {
    public static final String UNKNOWN = "unknown";
    /** Categories are few (segments, channels); past this many the text is made each time instead of kept. */
    private static final int MOST_CATEGORIES_KEPT = 256;

    private final String name;
    private final Measure measure;
    private final List<Double> bands;
    private final double[] limits;
    /** {@code name=<b0}, {@code name=b0-b1}, …, {@code name=>=bn}; for a number without bands, empty. */
    private final String[] bandFeatures;
    private final String unknownFeature;
    private final ConcurrentMap<String, String> categoryFeatures = new ConcurrentHashMap<>();

    public Predictor(String name, Measure measure, List<Double> bands) {
        this.name = Objects.requireNonNull(name);
        this.measure = Objects.requireNonNull(measure);
        this.bands = List.copyOf(bands);
        this.limits = this.bands.stream().mapToDouble(Double::doubleValue).toArray();
        this.bandFeatures = new String[limits.length == 0 ? 0 : limits.length + 1];
        if (limits.length > 0) {
            bandFeatures[0] = name + "=<" + plain(limits[0]);
            for (int i = 1; i < limits.length; i++) {
                bandFeatures[i] = name + "=" + plain(limits[i - 1]) + "-" + plain(limits[i]);
            }
            bandFeatures[limits.length] = name + "=>=" + plain(limits[limits.length - 1]);
        }
        this.unknownFeature = name + "=" + UNKNOWN;
    }

    public String name() {
        return name;
    }

    public Measure measure() {
        return measure;
    }

    public List<Double> bands() {
        return bands;
    }

    /** The band or category this customer falls in on this channel, as of the decision. */
    public String bin(CustomerContext context, Channel channel, Instant asOf) {
        return feature(context, channel, asOf).substring(name.length() + 1);
    }

    /** {@code name=band}: what a model weighs and an outcome teaches. */
    public String feature(CustomerContext context, Channel channel, Instant asOf) {
        if (!measure.numeric()) {
            String category = measure.category(context, channel);
            if (category == null) {
                return unknownFeature;
            }
            String known = categoryFeatures.get(category);
            if (known != null) {
                return known;
            }
            String feature = name + "=" + category;
            if (categoryFeatures.size() < MOST_CATEGORIES_KEPT) {
                categoryFeatures.putIfAbsent(category, feature);
            }
            return feature;
        }
        double number = measure.number(context, asOf);
        if (Double.isNaN(number)) {
            return unknownFeature;
        }
        if (limits.length == 0) {
            return name + "=" + plain(number);
        }
        int band = 0;
        while (band < limits.length && number >= limits[band]) {
            band++;
        }
        return bandFeatures[band];
    }

    private static String plain(double number) {
        return number == Math.rint(number) ? Long.toString((long) number) : Double.toString(number);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Predictor p && name.equals(p.name) && measure == p.measure && bands.equals(p.bands);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, measure, bands);
    }

    @Override
    public String toString() {
        return "Predictor[name=" + name + ", measure=" + measure + ", bands=" + bands + "]";
    }
}
