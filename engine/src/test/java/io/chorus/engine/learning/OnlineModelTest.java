package io.chorus.engine.learning;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The model on a synthetic population whose true acceptance probability we define: segment, tenure band, survey
 * band and open cases push a logistic score; the model never sees the formula, only outcomes drawn from it.
 */
class OnlineModelTest {
    private static final ModelId RETENTION = new ModelId("retention:LOYALTY_DISCOUNT", null);

    /** One synthetic customer: its features and the probability the truth gives them. */
    private record Customer(Features features, double truth) {
    }

    private static Customer customer(SplittableRandom random, boolean drifted) {
        boolean business = random.nextInt(4) == 0;
        int tenure = random.nextInt(4);
        int survey = random.nextInt(3);
        int cases = random.nextInt(3);
        int noise = random.nextInt(5);
        double score = -1.2 + (business ? 0.9 : 0) + 0.5 * tenure - 0.8 * cases + (survey - 1) * 0.7;
        if (drifted) {
            score = -1.2 + (business ? -0.9 : 0.6) - 0.5 * tenure + 0.8 * cases;
        }
        double truth = 1 / (1 + Math.exp(-score));
        return new Customer(new Features(List.of("segment=" + (business ? "BUSINESS" : "CONSUMER"),
                "tenure=" + tenure, "survey=" + survey, "open-cases=" + cases, "noise=" + noise)), truth);
    }

    private static List<Customer> population(long seed, int size, boolean drifted) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Customer> customers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            customers.add(customer(random, drifted));
        }
        return customers;
    }

    private static void train(OnlineModel model, List<Customer> customers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Customer c : customers) {
            model.learn(c.features(), random.nextDouble() < c.truth());
        }
    }

    /** AUC of {@code scores} against outcomes drawn from the truth, by pairs (exact, ties half). */
    static double auc(List<Customer> customers, java.util.function.ToDoubleFunction<Customer> score, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> positives = new ArrayList<>();
        List<Double> negatives = new ArrayList<>();
        for (Customer c : customers) {
            (random.nextDouble() < c.truth() ? positives : negatives).add(score.applyAsDouble(c));
        }
        double wins = 0;
        for (double p : positives) {
            for (double n : negatives) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positives.size() * negatives.size());
    }

    @Test
    void learnsToRankCustomersAlmostAsWellAsTheTruth() {
        OnlineModel model = new OnlineModel(RETENTION, 0.0005);
        train(model, population(1, 4_000, false), 2);
        FrozenModel frozen = model.freeze();
        List<Customer> heldOut = population(3, 3_000, false);

        double truth = auc(heldOut, Customer::truth, 4);
        double learned = auc(heldOut, c -> frozen.propensity(c.features()), 4);

        assertThat(learned).isGreaterThanOrEqualTo(0.95 * truth);
        assertThat(frozen.auc()).isCloseTo(truth, within(0.05));
        double average = heldOut.stream().mapToDouble(c -> frozen.propensity(c.features())).average().orElseThrow();
        double actual = heldOut.stream().mapToDouble(Customer::truth).average().orElseThrow();
        assertThat(average).as("calibrated on average").isCloseTo(actual, within(0.03));
    }

    @Test
    void followsCustomersWhoseBehaviourChanges() {
        OnlineModel model = new OnlineModel(RETENTION, 0.0005);
        train(model, population(1, 4_000, false), 2);
        train(model, population(5, 6_000, true), 6);
        FrozenModel frozen = model.freeze();
        List<Customer> heldOut = population(7, 3_000, true);

        assertThat(auc(heldOut, c -> frozen.propensity(c.features()), 8))
                .isGreaterThanOrEqualTo(0.95 * auc(heldOut, Customer::truth, 8));
    }

    @Test
    void ranksTheStrongestPredictorsFirstAndTheNoiseLast() {
        OnlineModel model = new OnlineModel(RETENTION, 0.0005);
        train(model, population(1, 6_000, false), 2);
        Predictors predictors = new Predictors(List.of(
                new Predictor("segment", Measure.SEGMENT, List.of()), new Predictor("tenure", Measure.TENURE_MONTHS, List.of()),
                new Predictor("survey", Measure.LAST_SURVEY_SCORE, List.of()), new Predictor("open-cases", Measure.OPEN_CASES, List.of()),
                new Predictor("noise", Measure.ACTIVE_LINES, List.of())), 200, 20, Predictors.Exploration.NONE,
                java.util.Set.of(), 0.0005, "v");

        List<FrozenModel.Importance> importance = model.freeze().importance(predictors);

        assertThat(importance.get(importance.size() - 1).name()).isEqualTo("noise");
        assertThat(importance.get(0).name()).isIn("open-cases", "tenure");
        assertThat(importance.stream().mapToDouble(FrozenModel.Importance::importance).sum()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void thompsonDrawsSpreadWhereTheModelKnowsLittleAndNarrowWithEvidence() {
        OnlineModel model = new OnlineModel(RETENTION, 0.0005);
        Features customer = population(9, 1, false).get(0).features();
        double early = spread(model.freeze(), customer);
        train(model, population(1, 4_000, false), 2);
        double late = spread(model.freeze(), customer);

        assertThat(late).isLessThan(early / 3);
    }

    private static double spread(FrozenModel model, Features features) {
        SplittableRandom random = new SplittableRandom(11);
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < 2_000; i++) {
            double d = model.draw(features, random);
            sum += d;
            squares += d * d;
        }
        return Math.sqrt(squares / 2_000 - (sum / 2_000) * (sum / 2_000));
    }

    @Test
    void aStoredStateLearnsOnExactlyAsTheModelItCameFrom() {
        OnlineModel model = new OnlineModel(RETENTION, 0.0005);
        train(model, population(1, 1_000, false), 2);
        OnlineModel restored = OnlineModel.of(RETENTION, 0.0005, model.state());
        train(model, population(3, 500, false), 4);
        train(restored, population(3, 500, false), 4);

        Features someone = population(5, 1, false).get(0).features();
        assertThat(restored.freeze().propensity(someone)).isEqualTo(model.freeze().propensity(someone));
        assertThat(restored.positives() + restored.negatives()).isEqualTo(1_500);
    }
}
