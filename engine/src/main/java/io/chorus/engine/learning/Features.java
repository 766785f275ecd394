package io.chorus.engine.learning;

import java.util.List;

/**
 * One customer's predictors at one decision, each as {@code name=band}: what a model scores and what an outcome
 * teaches it. Kept with the decision, so the outcome that arrives later trains on what the customer was then.
 */
public record Features(List<String> values) {
    public static final Features NONE = new Features(List.of());

    public Features {
        values = List.copyOf(values);
    }
}
