package io.chorus.engine.learning;

import io.chorus.engine.context.Channel;
import io.chorus.engine.decision.Learned;
import io.chorus.engine.decision.LearnedPropensities;
import io.chorus.engine.decision.OutsideFacts;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Every model at one moment, with the predictors they learned under: what a decision asks for learned propensities.
 * Immutable. {@link #forDecision} gives one decision its own view, which draws (when the rule set explores) once
 * per model and remembers what it gave, so a decision taken twice ranks the same and its record can replay it.
 */
public final class ModelSet {
    public static final ModelSet EMPTY = new ModelSet(Predictors.NONE, Map.of());

    private final Predictors predictors;
    private final Map<ModelId, FrozenModel> models;

    public ModelSet(Predictors predictors, Map<ModelId, FrozenModel> models) {
        this.predictors = predictors;
        this.models = Map.copyOf(models);
    }

    public Predictors predictors() {
        return predictors;
    }

    public Collection<FrozenModel> models() {
        return models.values();
    }

    public Optional<FrozenModel> find(ModelId id) {
        return Optional.ofNullable(models.get(id));
    }

    /** The propensities one decision sees; {@code random} draws its explorations. */
    public Decision forDecision(RandomGenerator random) {
        return new Decision(random);
    }

    /**
     * What a what-if or an outbound run decides with, for a rule set with these predictors: the models when they
     * learned under the same predictors (else none), with draws fixed by the customer and channel, so the same run
     * over the same population gives the same answer every time.
     */
    public OutsideFacts outsideFor(Predictors rulePredictors, String customerId, Channel channel) {
        if (models.isEmpty() || !rulePredictors.learns() || !rulePredictors.version().equals(predictors.version())) {
            return OutsideFacts.NONE;
        }
        long seed = customerId.hashCode() * 31L + channel.ordinal();
        return OutsideFacts.NONE.withPropensities(forDecision(new java.util.SplittableRandom(seed)));
    }

    /** One decision's view of the models; not shared between threads. */
    public final class Decision implements LearnedPropensities {
        private final RandomGenerator random;
        private final Map<String, Learned> used = new HashMap<>();

        private Decision(RandomGenerator random) {
            this.random = random;
        }

        @Override
        public Optional<Learned> of(String key, Channel channel, Features features) {
            Learned known = used.get(key);
            if (known != null) {
                return Optional.of(known);
            }
            FrozenModel model = models.get(predictors.modelFor(key, channel));
            if (model == null || !model.active(predictors)) {
                return Optional.empty();
            }
            double[] scored = model.propensityAndDraw(features,
                    predictors.exploration() == Predictors.Exploration.THOMPSON ? random : null);
            Learned learned = new Learned(model.id().toString(), scored[0], scored[1], model.outcomes());
            used.put(key, learned);
            return Optional.of(learned);
        }

        /** What this decision was given, by action key: kept with the decision so a replay sees the same. */
        public Map<String, Learned> used() {
            return Map.copyOf(used);
        }
    }

    /** A recorded decision's propensities, as it was given them. */
    public static LearnedPropensities recorded(Map<String, Learned> used) {
        Map<String, Learned> copy = Map.copyOf(used);
        return (key, channel, features) -> Optional.ofNullable(copy.get(key));
    }
}
