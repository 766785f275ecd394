package io.chorus.engine.learning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** A copy of an {@link OnlineModel} at one moment: what decisions score with. Immutable, shared by threads. */
public final class FrozenModel {
    private final ModelId id;
    private final Map<String, double[]> weights;
    private final long positives;
    private final long negatives;
    private final double[] positiveScores;
    private final double[] negativeScores;

    FrozenModel(ModelId id, Map<String, double[]> weights, long positives, long negatives, double[] positiveScores,
                double[] negativeScores) {
        this.id = id;
        this.weights = weights;
        this.positives = positives;
        this.negatives = negatives;
        this.positiveScores = positiveScores;
        this.negativeScores = negativeScores;
    }

    public ModelId id() {
        return id;
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    public long outcomes() {
        return positives + negatives;
    }

    /** Enough evidence for its propensity to replace the rule's. */
    public boolean active(Predictors predictors) {
        return outcomes() >= predictors.evidence() && positives >= predictors.evidenceEach()
                && negatives >= predictors.evidenceEach();
    }

    /** The probability of acceptance the model expects for these features, its uncertainty included. */
    public double propensity(Features features) {
        double[] sums = sums(features);
        return Gaussian.cumulative(sums[0] / Math.sqrt(OnlineModel.BETA * OnlineModel.BETA + sums[1]));
    }

    /**
     * Thompson sampling: a propensity drawn from what the model believes, wide where it has seen little. The
     * weights are independent Gaussians, so their sum is one Gaussian: one draw stands for drawing every weight.
     */
    public double draw(Features features, RandomGenerator random) {
        double[] sums = sums(features);
        return Gaussian.cumulative((sums[0] + Math.sqrt(sums[1]) * random.nextGaussian()) / OnlineModel.BETA);
    }

    /** The estimate and, when {@code random} is given, a Thompson draw; one pass over the weights. */
    public double[] propensityAndDraw(Features features, RandomGenerator random) {
        double[] sums = sums(features);
        double estimate = Gaussian.cumulative(sums[0] / Math.sqrt(OnlineModel.BETA * OnlineModel.BETA + sums[1]));
        double draw = random == null ? estimate
                : Gaussian.cumulative((sums[0] + Math.sqrt(sums[1]) * random.nextGaussian()) / OnlineModel.BETA);
        return new double[]{estimate, draw};
    }

    /** The sum of the active weights' means and of their variances, bias included. */
    private double[] sums(Features features) {
        double[] w = weight(OnlineModel.BIAS);
        double mean = w[0];
        double variance = w[1];
        for (String f : features.values()) {
            w = weight(f);
            mean += w[0];
            variance += w[1];
        }
        return new double[]{mean, variance};
    }

    private static final double[] PRIOR = {0, OnlineModel.PRIOR_VARIANCE, 0};

    private double[] weight(String feature) {
        double[] w = weights.get(feature);
        return w == null ? PRIOR : w;
    }

    /**
     * The area under the ROC curve of the model's own predictions, each made before it learned from that outcome
     * (recent outcomes weigh more). 0.5 is guessing; null before there is an outcome of each kind.
     */
    public Double auc() {
        double pos = 0;
        double neg = 0;
        for (int i = 0; i < OnlineModel.BINS; i++) {
            pos += positiveScores[i];
            neg += negativeScores[i];
        }
        if (pos == 0 || neg == 0) {
            return null;
        }
        double below = 0;
        double area = 0;
        for (int i = 0; i < OnlineModel.BINS; i++) {
            area += positiveScores[i] * (below + negativeScores[i] / 2);
            below += negativeScores[i];
        }
        return area / (pos * neg);
    }

    public record Importance(String name, double importance) {
    }

    /**
     * How much each predictor moves the model's score: the spread of its bands' weights, weighted by how often each
     * band was seen, as shares of the whole (they add up to 1). Highest first.
     */
    public List<Importance> importance(Predictors predictors) {
        Map<String, Double> spread = new LinkedHashMap<>();
        double total = 0;
        for (Predictor p : predictors.predictors()) {
            String prefix = p.name() + "=";
            double n = 0;
            double sum = 0;
            double squares = 0;
            for (Map.Entry<String, double[]> e : weights.entrySet()) {
                if (e.getKey().startsWith(prefix)) {
                    double[] w = e.getValue();
                    n += w[2];
                    sum += w[2] * w[0];
                    squares += w[2] * w[0] * w[0];
                }
            }
            double variance = n == 0 ? 0 : Math.max(0, squares / n - (sum / n) * (sum / n));
            spread.put(p.name(), variance);
            total += variance;
        }
        List<Importance> importance = new ArrayList<>();
        for (Map.Entry<String, Double> e : spread.entrySet()) {
            importance.add(new Importance(e.getKey(), total == 0 ? 0 : e.getValue() / total));
        }
        importance.sort(Comparator.comparingDouble(Importance::importance).reversed());
        return importance;
    }
}
