package io.chorus.engine.learning;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One action key's propensity model, learning online from each outcome: Bayesian probit regression over the
 * customer's binned predictors (one weight per band or category, plus a bias), each weight a Gaussian belief
 * that an outcome sharpens in closed form. This is the method Microsoft published for click prediction
 * (AdPredictor): it suits sparse, one-hot predictors and few outcomes, knows how uncertain it is (which is what
 * Thompson sampling draws from), and forgets slowly (every belief drifts back towards the prior by
 * {@code forgetting} per outcome it takes part in), so it follows customers whose behaviour changes.
 *
 * <p>Not thread-safe: one trainer owns it and publishes {@link #freeze() frozen} copies for decisions.
 */
public final class OnlineModel {
    static final String BIAS = "bias";
    /** The probit's noise: how far a single customer may sit from what the weights say. */
    static final double BETA = 1.0;
    /** Each weight's prior variance: wide enough to learn fast from the first outcomes. */
    static final double PRIOR_VARIANCE = 0.5;
    /** Score bins of the running AUC: what the model scored each outcome before learning from it. */
    static final int BINS = 100;

    private final ModelId id;
    private final double forgetting;
    /** feature → {mean, variance, outcomes seen (decayed)}. */
    private final Map<String, double[]> weights = new HashMap<>();
    private long positives;
    private long negatives;
    private final double[] positiveScores = new double[BINS];
    private final double[] negativeScores = new double[BINS];

    public OnlineModel(ModelId id, double forgetting) {
        this.id = id;
        this.forgetting = forgetting;
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

    /** Learns from one outcome: ACCEPTED is {@code accepted}; DECLINED and IGNORED are not. */
    public void learn(Features features, boolean accepted) {
        List<double[]> active = active(features);
        double mean = 0;
        double variance = BETA * BETA;
        for (double[] w : active) {
            mean += w[0];
            variance += w[1];
        }
        double sd = Math.sqrt(variance);
        double scored = Gaussian.cumulative(mean / sd);
        double decay = 1 - forgetting;
        for (int i = 0; i < BINS; i++) {
            positiveScores[i] *= decay;
            negativeScores[i] *= decay;
        }
        (accepted ? positiveScores : negativeScores)[bin(scored)] += 1;
        double y = accepted ? 1 : -1;
        double t = y * mean / sd;
        double v = Gaussian.v(t);
        double w = Gaussian.w(t);
        for (double[] weight : active) {
            double before = weight[1];
            weight[0] += y * before / sd * v;
            weight[1] = before * Math.max(1e-9, 1 - before / variance * w);
            if (forgetting > 0) {
                // Drift back towards the prior N(0, PRIOR_VARIANCE): old evidence weighs less than new.
                double variance1 = weight[1] * PRIOR_VARIANCE / ((1 - forgetting) * PRIOR_VARIANCE + forgetting * weight[1]);
                weight[0] = variance1 * ((1 - forgetting) * weight[0] / weight[1]);
                weight[1] = variance1;
            }
            weight[2] = weight[2] * decay + 1;
        }
        if (accepted) {
            positives++;
        } else {
            negatives++;
        }
    }

    private List<double[]> active(Features features) {
        List<double[]> active = new ArrayList<>(features.values().size() + 1);
        active.add(weights.computeIfAbsent(BIAS, k -> prior()));
        for (String f : features.values()) {
            active.add(weights.computeIfAbsent(f, k -> prior()));
        }
        return active;
    }

    private static double[] prior() {
        return new double[]{0, PRIOR_VARIANCE, 0};
    }

    static int bin(double score) {
        return Math.min(BINS - 1, Math.max(0, (int) (score * BINS)));
    }

    /** An immutable copy for decisions to score with while this one goes on learning. */
    public FrozenModel freeze() {
        Map<String, double[]> copy = new HashMap<>(weights.size() * 2);
        weights.forEach((f, w) -> copy.put(f, w.clone()));
        return new FrozenModel(id, copy, positives, negatives, positiveScores.clone(), negativeScores.clone());
    }

    /** What a store keeps, to start again from where this model is. */
    public State state() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        weights.forEach((f, w) -> copy.put(f, w.clone()));
        return new State(copy, positives, negatives, positiveScores.clone(), negativeScores.clone());
    }

    public static OnlineModel of(ModelId id, double forgetting, State state) {
        OnlineModel model = new OnlineModel(id, forgetting);
        state.weights().forEach((f, w) -> model.weights.put(f, w.clone()));
        model.positives = state.positives();
        model.negatives = state.negatives();
        System.arraycopy(state.positiveScores(), 0, model.positiveScores, 0, Math.min(BINS, state.positiveScores().length));
        System.arraycopy(state.negativeScores(), 0, model.negativeScores, 0, Math.min(BINS, state.negativeScores().length));
        return model;
    }

    /** A model's learned state as plain data (JSON in the store). */
    public record State(Map<String, double[]> weights, long positives, long negatives, double[] positiveScores,
                        double[] negativeScores) {
    }
}
