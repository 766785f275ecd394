package io.chorus.engine.learning;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.rules.RuleProblem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The analysts' predictors.yaml: read as written, every mistake at its line, bands as a customer falls in them. */
class PredictorsFileTest {

    @Test
    void theDefaultRuleSetsPredictorsReadCleanAndDescribeTheSeedCustomer() throws IOException {
        Path rules = Path.of("..", "rules");
        PredictorsFile.Read read = PredictorsFile.read("predictors.yaml",
                Files.readString(rules.resolve("predictors.yaml")));
        assertThat(read.problems()).isEmpty();
        Predictors predictors = read.predictors();
        assertThat(predictors.learns()).isTrue();
        assertThat(predictors.evidence()).isEqualTo(200);
        assertThat(predictors.exploration()).isEqualTo(Predictors.Exploration.THOMPSON);

        CustomerContext sam = ContextJson.parse(Files.readAllBytes(rules.resolve("customers/sam-rivers.json")));
        Instant asOf = Instant.parse("2026-05-20T10:00:00Z");
        Features features = predictors.features(sam.asOf(asOf), Channel.STORE, asOf);

        assertThat(features.values()).contains("segment=BUSINESS", "channel=STORE")
                .hasSize(predictors.predictors().size())
                .allSatisfy(v -> assertThat(v).matches("[a-z-]+=.+"));
        assertThat(predictors.modelFor("retention:CONSUMER_LOYALTY_15", Channel.WEB).channel()).isEqualTo(Channel.WEB);
        assertThat(predictors.modelFor("detractor-callback", Channel.WEB).channel()).isNull();
    }

    @Test
    void bandsNameTheRangeAValueFallsIn() {
        Predictor tenure = new Predictor("tenure", Measure.TENURE_MONTHS, java.util.List.of(12.0, 24.0, 48.0));
        CustomerContext opened = ContextJson.parse("""
                {"customerId": "C-1", "segment": "CONSUMER", "accounts": [{"accountId": "A", "status": "ACTIVE",
                 "openedAt": "2024-05-20", "monthlyCommitment": 20}]}""".getBytes());
        Instant asOf = Instant.parse("2026-05-20T10:00:00Z");

        assertThat(tenure.bin(opened, Channel.WEB, asOf)).isEqualTo("24-48");
        assertThat(tenure.bin(opened, Channel.WEB, Instant.parse("2024-06-01T00:00:00Z"))).isEqualTo("<12");
        assertThat(tenure.bin(opened, Channel.WEB, Instant.parse("2029-06-01T00:00:00Z"))).isEqualTo(">=48");
        assertThat(new Predictor("score", Measure.LAST_SURVEY_SCORE, java.util.List.of(7.0)).bin(opened, Channel.WEB, asOf))
                .isEqualTo(Predictor.UNKNOWN);
    }

    @Test
    void everyMistakeIsAnErrorAtItsLine() {
        PredictorsFile.Read read = PredictorsFile.read("predictors.yaml", """
                predictors:
                  - name: tenure
                    measure: tenure-years
                  - name: commitment
                    measure: monthly-commitment
                    bands: [60, 30]
                  - name: segment
                    measure: segment
                    bands: [1]
                  - name: commitment
                    measure: monthly-commitment
                evidence: {outcomes: 10, each: 20}
                exploration: sometimes
                colour: blue
                """);

        assertThat(read.problems()).extracting(RuleProblem::line, RuleProblem::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(3, "unknown measure \"tenure-years\" (expected one of segment, channel, "
                        + "tenure-months, monthly-commitment, active-lines, last-survey-score, open-cases, "
                        + "months-to-contract-end, recent-account-events)"),
                org.assertj.core.groups.Tuple.tuple(6, "bands must increase: 30 follows 60.0"),
                org.assertj.core.groups.Tuple.tuple(9, "measure segment is a category: it takes no bands"),
                org.assertj.core.groups.Tuple.tuple(10, "predictor name \"commitment\" is used twice"),
                org.assertj.core.groups.Tuple.tuple(13, "exploration must be thompson or none, was \"sometimes\""),
                org.assertj.core.groups.Tuple.tuple(14, "unknown field \"colour\" (expected predictors, evidence, exploration, forgetting, per-channel)"),
                org.assertj.core.groups.Tuple.tuple(1, "evidence.outcomes (10) must be at least twice evidence.each (20)"));
        assertThat(read.predictors()).isEqualTo(Predictors.NONE);
    }
}
