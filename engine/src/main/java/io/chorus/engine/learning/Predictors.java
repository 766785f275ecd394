package io.chorus.engine.learning;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.CustomerContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What {@code predictors.yaml} says about learning: the predictors, how much evidence a model needs before its
 * propensity replaces the rule's, whether decisions explore (Thompson sampling), which action keys get one model
 * per channel, and how fast old outcomes are forgotten. {@code version} changes with any of it: models learned
 * under other predictors start again.
 */
public record Predictors(List<Predictor> predictors, int evidence, int evidenceEach, Exploration exploration,
                         Set<String> perChannel, double forgetting, String version) {
    /** A rule set without {@code predictors.yaml}: nothing is learned, every propensity is the rule's. */
    public static final Predictors NONE = new Predictors(List.of(), 200, 20, Exploration.NONE, Set.of(), 0, "");

    public enum Exploration { THOMPSON, NONE }

    public Predictors {
        predictors = List.copyOf(predictors);
        perChannel = Set.copyOf(perChannel);
    }

    public boolean learns() {
        return !predictors.isEmpty();
    }

    /** This customer's features on this channel; the context is already projected to {@code asOf}. */
    public Features features(CustomerContext context, Channel channel, Instant asOf) {
        List<String> values = new ArrayList<>(predictors.size());
        for (Predictor p : predictors) {
            values.add(p.feature(context, channel, asOf));
        }
        return new Features(values);
    }

    /** The model an outcome for this key on this channel trains, and a decision asks. */
    public ModelId modelFor(String key, Channel channel) {
        return new ModelId(key, perChannel.contains(key) ? channel : null);
    }
}
