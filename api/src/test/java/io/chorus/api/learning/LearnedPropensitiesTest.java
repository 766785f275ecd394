package io.chorus.api.learning;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Propensities learned from outcomes posted through the API, on a synthetic population of unhappy customers whose
 * true chance of taking the detractor call-back we define (business accounts, long tenure and a high monthly
 * commitment take it more; every open case makes it less likely). The model sees only the outcomes.
 */
@MicronautTest(transactional = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LearnedPropensitiesTest extends ApiTestBase {
    private static final String KEY = "detractor-callback";
    private static final Instant NOW = Instant.parse("2026-06-01T10:00:00Z");

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("chorus.learning.poll-interval", "100ms", "chorus.learning.settle", "0ms",
                "chorus.learning.save-interval", "200ms");
    }

    /** One unhappy customer and the probability the truth gives them of taking the call-back. */
    private record Customer(String json, double truth) {
    }

    private static Customer customer(int n, SplittableRandom random) {
        boolean business = random.nextInt(3) == 0;
        int tenureYears = random.nextInt(8);
        double commitment = 15 + random.nextInt(150);
        int openCases = random.nextInt(3);
        int lines = 1 + random.nextInt(5);
        double score = -0.6 + (business ? 1.0 : 0) + (tenureYears >= 4 ? 0.7 : 0) + (commitment >= 60 ? 0.5 : 0)
                - 0.8 * openCases;
        double truth = 1 / (1 + Math.exp(-score));
        String id = "L-" + n;
        StringBuilder subscriptions = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            subscriptions.append(i == 0 ? "" : ", ").append("""
                    {"subscriptionId": "%s-S%d", "accountId": "%s-A", "kind": "VOICE", "device": "HANDSET", "status": "ACTIVE", "activatedAt": "2024-01-10"}"""
                    .formatted(id, i, id));
        }
        StringBuilder cases = new StringBuilder();
        for (int i = 0; i < openCases; i++) {
            cases.append(i == 0 ? "" : ", ").append("""
                    {"caseId": "%s-K%d", "topic": "NETWORK", "status": "OPEN", "openedAt": "2026-05-20T09:00:00Z", "summary": "Dropped calls at home"}"""
                    .formatted(id, i));
        }
        String json = """
                {"customerId": "%s", "name": "Customer %d", "segment": "%s",
                 "identifiers": [{"type": "ACCOUNT", "value": "%s-A"}],
                 "consents": {"EMAIL": true, "SMS": true, "LETTER": true, "SOCIAL": false},
                 "accounts": [{"accountId": "%s-A", "status": "ACTIVE", "openedAt": "%s", "contractEnd": "2027-03-01", "monthlyCommitment": %.2f}],
                 "subscriptions": [%s],
                 "cases": [%s],
                 "surveys": [{"at": "2026-05-25T12:00:00Z", "channel": "APP", "score": %d}]}
                """.formatted(id, n, business ? "BUSINESS" : "CONSUMER", id, id,
                LocalDate.of(2026, 5, 1).minusYears(tenureYears).minusMonths(random.nextInt(12)), commitment,
                subscriptions, cases, random.nextInt(7));
        return new Customer(json, truth);
    }

    private JsonNode decide(Customer c, boolean preview) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, """
                {"context": %s, "channel": "APP", "asOf": "%s", "preview": %s}""".formatted(c.json(), NOW, preview));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private static JsonNode callBack(JsonNode decision) {
        for (JsonNode action : decision.get("actions")) {
            if (KEY.equals(action.path("key").asText())) {
                return action;
            }
        }
        throw new AssertionError("no call-back in " + decision);
    }

    /** Decides each customer and answers as the truth says; returns how many outcomes were posted. */
    private int train(int from, int count, long seed) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = from; i < from + count; i++) {
                int n = i;
                done.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + n);
                    Customer c = customer(n, random);
                    JsonNode decision = decide(c, false);
                    boolean accepted = random.nextDouble() < c.truth();
                    Api.Reply recorded = api.post("/v1/decisions/" + decision.get("decisionId").asText() + "/outcomes",
                            Api.CHANNEL, """
                                    {"actionId": "%s", "outcome": "%s"}""".formatted(callBack(decision).get("actionId").asText(),
                                    accepted ? "ACCEPTED" : "DECLINED"));
                    assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return count;
    }

    private JsonNode model() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode found = null;
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode m : api.get("/v1/models", Api.ANALYST).json()) {
                if (KEY.equals(m.get("key").asText())) {
                    found = m;
                }
            }
            if (found != null && found.get("outcomes").asLong() >= 2_000) {
                return found;
            }
            Thread.sleep(100);
        }
        return found;
    }

    @Test
    @Order(1)
    void beforeAnyOutcomeTheRulesPropensityStands() {
        JsonNode action = callBack(decide(customer(0, new SplittableRandom(1)), true));

        assertThat(action.get("propensitySource").asText()).isEqualTo("RULE");
        assertThat(action.get("propensity").asDouble()).isEqualTo(0.7);
    }

    @Test
    @Order(2)
    void heldOutCustomersAreRankedAlmostAsWellAsByTheTruth() throws Exception {
        train(1, 2_000, 7);
        JsonNode model = model();
        assertThat(model).as("the model of " + KEY).isNotNull();
        assertThat(model.get("outcomes").asLong()).isEqualTo(2_000);
        assertThat(model.get("active").asBoolean()).isTrue();
        assertThat(model.get("auc").asDouble()).isGreaterThan(0.65);
        assertThat(model.get("predictors").get(0).get("name").asText()).isIn("open-cases", "segment");

        SplittableRandom outcomes = new SplittableRandom(99);
        List<double[]> scored = new ArrayList<>(); // {truth, learned, accepted}
        for (int n = 100_000; n < 100_800; n++) {
            Customer c = customer(n, new SplittableRandom(n));
            JsonNode action = callBack(decide(c, true));
            assertThat(action.get("propensitySource").asText()).isEqualTo("MODEL");
            scored.add(new double[]{c.truth(), action.get("propensity").asDouble(),
                    outcomes.nextDouble() < c.truth() ? 1 : 0});
        }
        double truth = auc(scored, 0);
        double learned = auc(scored, 1);
        System.out.printf("learned propensities: AUC %.3f on %d held-out customers; the truth's %.3f (ratio %.3f)%n",
                learned, scored.size(), truth, learned / truth);

        assertThat(learned).as("AUC of the learned propensities (truth's: %.3f)", truth).isGreaterThanOrEqualTo(0.95 * truth);
    }

    @Test
    @Order(3)
    void aDecisionRankedByTheModelSaysSoAndReplaysIdentically() {
        JsonNode decision = decide(customer(200_000, new SplittableRandom(3)), false);
        JsonNode action = callBack(decision);
        assertThat(action.get("propensitySource").asText()).isEqualTo("MODEL");
        assertThat(action.get("reasons").toString()).contains("learned by model " + KEY + " from 2,000 outcomes");

        Api.Reply replay = api.post("/v1/decisions/" + decision.get("decisionId").asText() + "/replay", Api.ANALYST, "{}");

        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("identical").asBoolean()).as(replay.toString()).isTrue();
    }

    @Test
    @Order(4)
    void forgettingAModelBringsBackTheRulesPropensity() throws Exception {
        assertThat(api.send(api.request("/v1/models/" + KEY, Api.ANALYST).DELETE()).status()).isEqualTo(403);
        assertThat(api.send(api.request("/v1/models/" + KEY, Api.ADMIN).DELETE()).status()).isEqualTo(204);
        assertThat(api.send(api.request("/v1/models/no-such-offer", Api.ADMIN).DELETE()).status()).isEqualTo(404);

        JsonNode action = callBack(decide(customer(300_000, new SplittableRandom(4)), true));

        assertThat(action.get("propensitySource").asText()).isEqualTo("RULE");
        assertThat(api.get("/v1/models", Api.ANALYST).json().findValuesAsText("key")).doesNotContain(KEY);
    }

    /** Area under the ROC curve of column {@code column} against the drawn outcomes (ties count half). */
    private static double auc(List<double[]> scored, int column) {
        double wins = 0;
        long pairs = 0;
        for (double[] p : scored) {
            if (p[2] != 1) {
                continue;
            }
            for (double[] n : scored) {
                if (n[2] != 0) {
                    continue;
                }
                wins += p[column] > n[column] ? 1 : p[column] == n[column] ? 0.5 : 0;
                pairs++;
            }
        }
        return wins / pairs;
    }
}
