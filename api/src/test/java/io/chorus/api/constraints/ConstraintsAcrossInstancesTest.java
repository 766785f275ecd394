package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.FixtureCustomer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.chorus.api.constraints.RetentionOffers.constraint;
import static io.chorus.api.constraints.RetentionOffers.offered;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances on one store share one count: fifty customers whose contracts end soon, decided at once, half on
 * each instance, against ten retention letters a day. Exactly ten letters carry the offer; the forty others say
 * which limit held it back. Where an email counts against both a count and a budget, the one that runs out first
 * decides, and the other counts only what was shown.
 */
@MicronautTest(transactional = false)
class ConstraintsAcrossInstancesTest extends ApiTestBase {
    private static final String EMAILS = """
              # Ten retention emails a day, and the mailing house's 6.40 a day at 0.80 an email: the budget runs out
              # first, after eight.
              - name: retention-emails
                channel: EMAIL
                type: RETENTION_OFFER
                period: DAY
                limit: 10
              - name: retention-email-budget
                channel: EMAIL
                type: RETENTION_OFFER
                period: DAY
                cost: 0.80
                budget: 6.40
            """;

    private EmbeddedServer second;
    private Api other;

    @BeforeAll
    void twoInstancesServingTenRetentionLettersADay() throws InterruptedException {
        String version = deploy(RetentionOffers.retentionLettersADay(10)
                .change("constraints.yaml", production -> production + EMAILS));

        second = ApplicationContext.run(EmbeddedServer.class, Map.of("datasources.default.url", database,
                "chorus.rules.source", "STORE"), "test");
        other = new Api(second.getURI());
        for (int tries = 0; tries < 100 && !version.equals(serving(other)); tries++) {
            Thread.sleep(100);
        }
        assertThat(serving(other)).as("the second instance serves the deployed set").isEqualTo(version);
        assertThat(serving(new Api(server.getURI()))).isEqualTo(version);
    }

    @AfterAll
    void stopTheSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    private static String serving(Api instance) {
        return instance.get("/v1/rules", Api.ANALYST).json().get("version").asText();
    }


    /**
     * Fifty Toms, his story moved to today, decided at once on this channel: half on each instance. The decisions
     * that show the retention offer, and those that hold it back.
     */
    private Map<Boolean, List<JsonNode>> fiftyAtOnce(String channel, Instant now) throws Exception {
        List<Api> instances = List.of(api, other);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<JsonNode>> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            for (int n = 0; n < 50; n++) {
                Api instance = instances.get(n % 2);
                String request = FixtureCustomer.decisionRequest(FixtureCustomer.movedTo(FixtureCustomer.as(
                        "tom-hargreaves", "C-1004-%s-%02d".formatted(channel, n)), now), channel, now, false);
                answers.add(callers.submit(() -> {
                    start.await();
                    Api.Reply reply = instance.post("/v1/decisions", Api.CHANNEL, request);
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                    return reply.json();
                }));
            }
            start.countDown();
            Map<Boolean, List<JsonNode>> byOffer = Map.of(true, new ArrayList<>(), false, new ArrayList<>());
            for (Future<JsonNode> answer : answers) {
                JsonNode decision = answer.get();
                byOffer.get(offered(decision)).add(decision);
            }
            return byOffer;
        } finally {
            callers.shutdownNow();
        }
    }

    private static void heldBackBy(List<JsonNode> decisions, String constraint, String reason) {
        assertThat(decisions).allSatisfy(decision -> assertThat(decision.get("suppressed"))
                .filteredOn(s -> s.get("type").asText().equals("RETENTION_OFFER"))
                .singleElement().satisfies(s -> {
                    assertThat(s.get("blockedBy").asText()).isEqualTo("constraint:" + constraint);
                    assertThat(s.get("reason").asText()).isEqualTo(reason);
                }));
    }

    /** The constraint as each instance reports it: the same on both. */
    private JsonNode onBothInstances(String name) {
        List<JsonNode> seen = new ArrayList<>();
        for (Api instance : List.of(api, other)) {
            for (JsonNode c : instance.get("/v1/constraints", Api.ANALYST).json()) {
                if (c.get("name").asText().equals(name)) {
                    seen.add(c);
                }
            }
        }
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).isEqualTo(seen.get(0));
        return seen.get(0);
    }

    @Test
    void fiftySimultaneousLettersOnTwoInstancesShowExactlyTheTenLeft() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        Map<Boolean, List<JsonNode>> letters = fiftyAtOnce("LETTER", now);

        assertThat(letters.get(true)).hasSize(10);
        assertThat(letters.get(false)).hasSize(40);
        heldBackBy(letters.get(false), "retention-letters",
                "The retention-letters limit (10 a day) is used up for the day starting " + today + ".");
        JsonNode count = onBothInstances("retention-letters");
        assertThat(count.get("periodStart").asText()).isEqualTo(today.toString());
        assertThat(count.get("used").decimalValue()).isEqualByComparingTo("10");
        assertThat(count.get("remaining").decimalValue()).isEqualByComparingTo("0");
        // A letter that lost its unit to another as it was being recorded was decided again under the same id: what
        // is stored is the decision answered, and it replays identically.
        for (JsonNode decision : concat(letters)) {
            recordedOnceAsAnswered(decision);
        }
    }

    private static List<JsonNode> concat(Map<Boolean, List<JsonNode>> byOffer) {
        List<JsonNode> all = new ArrayList<>(byOffer.get(true));
        all.addAll(byOffer.get(false));
        return all;
    }

    private void recordedOnceAsAnswered(JsonNode decision) {
        String id = decision.get("decisionId").asText();
        JsonNode recorded = api.get("/v1/decisions/" + id, Api.CHANNEL).json();
        assertThat(recorded.get("actions")).isEqualTo(decision.get("actions"));
        assertThat(recorded.get("suppressed")).isEqualTo(decision.get("suppressed"));
        Api.Reply replay = api.post("/v1/decisions/" + id + "/replay", Api.ANALYST, "");
        assertThat(replay.json().get("identical").asBoolean()).as(replay.toString()).isTrue();
    }

    @Test
    void whenTheBudgetRunsOutBeforeTheCountExactlyWhatTheBudgetAllowsIsShownAndCounted() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

        Map<Boolean, List<JsonNode>> emails = fiftyAtOnce("EMAIL", now);

        assertThat(emails.get(true)).hasSize(8);
        // Never by the count: an email that got its count but not its postage never showed that count to another.
        heldBackBy(emails.get(false), "retention-email-budget", "The retention-email-budget limit (a budget of 6.40 a"
                + " day at 0.80 an action) is used up for the day starting " + today + ".");
        assertThat(onBothInstances("retention-email-budget").get("used").decimalValue()).isEqualByComparingTo("6.40");
        assertThat(onBothInstances("retention-emails").get("used").decimalValue())
                .as("only the emails shown are counted, none that the budget held back")
                .isEqualByComparingTo("8");
        for (JsonNode decision : concat(emails)) {
            recordedOnceAsAnswered(decision);
        }
    }
}
