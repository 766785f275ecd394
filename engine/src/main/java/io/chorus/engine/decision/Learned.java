package io.chorus.engine.decision;

/**
 * A propensity a model learned from outcomes, for one action key and one customer: {@code propensity} is the
 * model's estimate, {@code draw} the figure this decision ranks by (a Thompson draw from the model's uncertainty
 * when the rule set explores, else the estimate itself), learned from {@code outcomes} outcomes by {@code model}.
 */
public record Learned(String model, double propensity, double draw, long outcomes) {
    public boolean explored() {
        return draw != propensity;
    }
}
