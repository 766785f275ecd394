package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.rules.ServingRules;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both seed stories played through the API as the systems of record would send them, then decided on the four
 * channels the customer met: the contract's promises, end to end on a real PostgreSQL.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedStoriesTest extends ApiTestBase {
    private static final List<String> CHANNELS = List.of("STORE", "CALL_CENTER", "SOCIAL", "LETTER");

    @Inject
    ServingRules rules;

    @Test
    @Order(1)
    void givenTheProfileAndEveryEventInOrder_whenPlayed_thenTheContextIsTheSeedCustomer() throws IOException {
        Api.Reply created = api.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        // The store visit one event at a time, the rest as one batch, as a billing system would send it.
        for (String event : SeedStory.EVENTS.subList(0, 7)) {
            Api.Reply one = api.post("/v1/events", Api.RECORDER, event);
            assertThat(one.status()).as(one.toString()).isEqualTo(200);
            assertThat(one.json().at("/events/0/status").asText()).isEqualTo("APPLIED");
        }
        Api.Reply batch = api.post("/v1/events", Api.RECORDER,
                "[" + String.join(",", SeedStory.EVENTS.subList(7, SeedStory.EVENTS.size())) + "]");
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().get("applied").asInt()).isEqualTo(SeedStory.EVENTS.size() - 7);

        JsonNode context = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        JsonNode seed = Json.mapper().readTree(Files.readString(SeedStory.seedCustomerFile()));
        assertThat(context).isEqualTo(seed);
    }

    @Test
    @Order(2)
    void givenTheStory_whenDecidedOnEveryChannel_thenTheSameCreditsAndGuidanceWhereverShown() {
        List<JsonNode> decisions = new ArrayList<>();
        for (String channel : CHANNELS) {
            Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest(channel));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            decisions.add(reply.json());
        }
        for (JsonNode decision : decisions) {
            assertThat(credits(decision)).as(decision.get("channel").asText())
                    .containsExactlyInAnyOrder("CREDIT 12.50", "CREDIT 19.98");
            assertThat(decision.get("ruleSetVersion").asText()).isEqualTo(rules.current().version());
            assertThat(decision.get("storySoFar")).isEqualTo(decisions.get(0).get("storySoFar"));
        }
        for (JsonNode decision : decisions.subList(0, 3)) {
            assertThat(guidance(decision)).as(decision.get("channel").asText()).containsExactlyInAnyOrder(
                    "Stop billing removed line S-4",
                    "How MUSIC_PREMIUM_BUNDLE activates for an existing premium subscriber",
                    "Case K-1 is open: Charged for removed SIM");
        }
        assertThat(guidance(decisions.get(3))).as("a letter cannot show guidance").isEmpty();
    }

    @Test
    @Order(3)
    void givenAGrowingAccount_whenDecidedForALetter_thenTheRetentionOfferIsSuppressedWithItsReason() {
        JsonNode letter = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("LETTER")).json();

        JsonNode retention = find(letter.get("suppressed"), "RETENTION_OFFER");
        assertThat(retention).as(letter.toString()).isNotNull();
        assertThat(retention.get("blockedBy").asText()).isEqualTo("No retention offer to a growing account");
        assertThat(retention.get("reason").asText()).contains("The account is growing");
        assertThat(types(letter.get("actions"))).doesNotContain("RETENTION_OFFER");
    }

    @Test
    @Order(4)
    void givenThePremiumSubscriber_whenDecided_thenDeletingTheAppIsNeverAdvised() {
        JsonNode call = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("CALL_CENTER")).json();

        JsonNode deleteApp = call.get("suppressed").findParents("blockedBy").stream()
                .filter(s -> s.get("blockedBy").asText().equals("Never advise deleting the app to a premium subscriber"))
                .findFirst().orElse(null);
        assertThat(deleteApp).as(call.toString()).isNotNull();
        assertThat(deleteApp.get("reason").asText()).contains("offline downloads");
    }

    @Test
    @Order(5)
    void givenTheStory_whenDecided_thenStorySoFarTellsItSoNobodyAsksAgain() {
        JsonNode social = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("SOCIAL")).json();

        List<String> story = new ArrayList<>();
        social.get("storySoFar").forEach(line -> story.add(line.asText()));
        assertThat(String.join("\n", story))
                .contains("2026-03-10 STORE: contract renewed, 2 lines added, tablet SIM S-4 removed")
                .contains("MUSIC_PREMIUM_BUNDLE")
                .contains("case K-1")
                .contains("Complained on Twitter");
    }

    @Test
    @Order(6)
    void givenTheReplayedCustomer_whenDecided_thenTheEngineDecidesTheSameAsOnTheSeedFile() throws IOException {
        Decision onFile = rules.current().decide(new DecisionRequest(
                ContextJson.parse(Files.readAllBytes(SeedStory.seedCustomerFile())), Channel.CALL_CENTER,
                Instant.parse(SeedStory.DECIDE_AT)));
        JsonNode expected = Json.mapper().readTree(Json.mapper().writeValueAsString(onFile));

        JsonNode served = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("CALL_CENTER")).json();

        assertThat(served.get("actions")).isEqualTo(expected.get("actions"));
        assertThat(served.get("suppressed")).isEqualTo(expected.get("suppressed"));
        assertThat(served.get("storySoFar")).isEqualTo(expected.get("storySoFar"));
    }

    @Test
    @Order(7)
    void givenAnOutcome_whenRecorded_thenItLandsInContactHistoryOnce() {
        JsonNode decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("CALL_CENTER")).json();
        String decisionId = decision.get("decisionId").asText();
        JsonNode credit = find(decision.get("actions"), "CREDIT");
        String outcome = "{\"actionId\": \"" + credit.get("actionId").asText()
                + "\", \"outcome\": \"ACCEPTED\", \"at\": \"2026-05-20T10:05:00Z\"}";

        Api.Reply recorded = api.post("/v1/decisions/" + decisionId + "/outcomes", Api.CHANNEL, outcome);
        Api.Reply repeated = api.post("/v1/decisions/" + decisionId + "/outcomes", Api.CHANNEL, outcome);

        assertThat(recorded.status()).as(recorded.toString()).isEqualTo(201);
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        JsonNode history = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json().get("contactHistory");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("decisionId").asText()).isEqualTo(decisionId);
        assertThat(history.get(0).get("actionType").asText()).isEqualTo("CREDIT");
        assertThat(history.get(0).get("channel").asText()).isEqualTo("CALL_CENTER");
        assertThat(history.get(0).get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(history.get(0).get("at").asText()).isEqualTo("2026-05-20T10:05:00Z");
    }

    @Test
    @Order(8)
    void givenAnEventAlreadyReceived_whenPostedAgain_thenItIsAcceptedAndChangesNothing() {
        JsonNode before = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();

        Api.Reply reply = api.post("/v1/events", Api.RECORDER, SeedStory.EVENTS.get(4));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().at("/events/0/status").asText()).isEqualTo("DUPLICATE");
        assertThat(api.get("/v1/customers/C-1001/context", Api.CHANNEL).json()).isEqualTo(before);
    }

    @Test
    void givenAnEventIdAlreadyReceived_whenPostedWithOtherContent_thenConflictAndNothingChanges() {
        JsonNode before = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        String removedAgain = SeedStory.event("E-05", "LINE_REMOVED", "2026-04-30T10:50:00Z", "STORE",
                "\"accountId\": \"BA-77\", \"subscriptionId\": \"S-4\", \"monthlyDelta\": -99.00");

        Api.Reply reply = api.post("/v1/events", Api.RECORDER, removedAgain);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
        assertThat(reply.json().at("/errors/0/eventId").asText()).isEqualTo("E-05");
        assertThat(api.get("/v1/customers/C-1001/context", Api.CHANNEL).json()).isEqualTo(before);
    }

    @Test
    @Order(9)
    void givenABatchWithOneBadEvent_whenPosted_thenNoneIsAppliedAndThe400NamesEventAndField() {
        JsonNode before = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        String good = SeedStory.event("E-20", "INTERACTION", "2026-05-19T09:00:00Z", "APP",
                "\"topic\": \"BILLING\", \"note\": \"Asked again about April\"");
        String missingAmount = SeedStory.event("E-21", "CHARGE_BILLED", "2026-06-01T00:00:00Z", null,
                "\"chargeId\": \"CH-11\", \"billMonth\": \"2026-06\", \"kind\": \"RECURRING\"");
        String unknownType = SeedStory.event("E-22", "LINE_EXPLODED", "2026-06-01T00:00:00Z", null, "");

        Api.Reply refused = api.post("/v1/events", Api.RECORDER, "[" + good + "," + missingAmount + "]");
        Api.Reply refusedToo = api.post("/v1/events", Api.RECORDER, "[" + good + "," + unknownType + "]");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        JsonNode error = refused.json().get("errors").get(0);
        assertThat(error.get("index").asInt()).isEqualTo(1);
        assertThat(error.get("eventId").asText()).isEqualTo("E-21");
        assertThat(error.get("field").asText()).isEqualTo("amount");
        assertThat(refusedToo.status()).isEqualTo(400);
        assertThat(refusedToo.json().at("/errors/0/field").asText()).isEqualTo("type");
        assertThat(refusedToo.json().at("/errors/0/eventId").asText()).isEqualTo("E-22");
        assertThat(api.get("/v1/customers/C-1001/context", Api.CHANNEL).json()).isEqualTo(before);
        assertThat(api.post("/v1/events", Api.RECORDER, good).json().at("/events/0/status").asText())
                .as("the good event of the refused batch was never kept").isEqualTo("APPLIED");
    }

    @Test
    @Order(10)
    void givenAnyIdentifier_whenDecided_thenItResolvesToTheSameCustomer() {
        for (String identifier : List.of("{\"type\": \"ACCOUNT\", \"value\": \"BA-77\"}",
                "{\"type\": \"MSISDN\", \"value\": \"+447700900002\"}", "{\"type\": \"EMAIL\", \"value\": \"sam@example.com\"}",
                "{\"type\": \"SOCIAL\", \"value\": \"@samrivers\"}", "{\"type\": \"STORE_CARD\", \"value\": \"SC-5521\"}")) {
            Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": {\"identifier\": " + identifier
                    + "}, \"channel\": \"SOCIAL\", \"asOf\": \"" + SeedStory.DECIDE_AT + "\"}");
            assertThat(reply.status()).as(identifier + " " + reply).isEqualTo(200);
            assertThat(reply.json().get("customerId").asText()).isEqualTo("C-1001");
        }
    }

    @Test
    @Order(11)
    void givenTheSameEventPostedConcurrently_whenApplied_thenExactlyOneCopyChangesTheContext() throws Exception {
        String survey = SeedStory.event("E-30", "SURVEY_RESPONDED", "2026-05-19T12:00:00Z", "SMS", "\"score\": 4");
        int before = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json().get("surveys").size();

        List<java.util.concurrent.Future<Api.Reply>> replies = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> api.post("/v1/events", Api.RECORDER, survey)));
            }
            List<String> statuses = new ArrayList<>();
            for (var reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                statuses.add(reply.get().json().at("/events/0/status").asText());
            }
            assertThat(statuses).containsOnlyOnce("APPLIED").contains("DUPLICATE");
        } finally {
            pool.shutdown();
        }
        assertThat(api.get("/v1/customers/C-1001/context", Api.CHANNEL).json().get("surveys")).hasSize(before + 1);
    }

    @Test
    @Order(12)
    void givenAProfileReplaced_whenStored_thenTheHistoryEventsBuiltIsKept() {
        JsonNode before = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        String renamed = SeedStory.PROFILE_BEFORE_RENEWAL.replace("\"Sam Rivers\"", "\"Samuel Rivers\"");

        Api.Reply replaced = api.put("/v1/customers/C-1001", Api.RECORDER, renamed);

        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        JsonNode after = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        assertThat(after.get("name").asText()).isEqualTo("Samuel Rivers");
        for (String history : List.of("accountEvents", "charges", "interactions", "cases", "promotions", "surveys",
                "contactHistory")) {
            assertThat(after.get(history)).as(history).isEqualTo(before.get(history));
        }
    }

    @Test
    @Order(13)
    void givenLetterMarketingConsentWithdrawn_whenDecidedForALetter_thenOnlyServiceGoesAndTheBlockSaysWhy() {
        Api.Reply withdrawn = api.post("/v1/events", Api.RECORDER, SeedStory.event("E-40", "CONSENT_CHANGED",
                "2026-05-19T15:00:00Z", "WEB", "\"consentChannel\": \"LETTER\", \"granted\": false"));
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);

        JsonNode letter = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("LETTER")).json();

        assertThat(letter.get("actions")).isNotEmpty()
                .allSatisfy(a -> assertThat(a.get("purpose").asText()).isEqualTo("SERVICE"));
        assertThat(letter.get("suppressed").findValuesAsText("reason"))
                .anyMatch(reason -> reason.contains("has not consented to marketing by LETTER"));
    }

    private static List<String> credits(JsonNode decision) {
        List<String> credits = new ArrayList<>();
        decision.get("actions").forEach(a -> {
            if (a.get("type").asText().equals("CREDIT")) {
                credits.add("CREDIT " + a.get("amount").decimalValue().setScale(2));
            }
        });
        return credits;
    }

    private static List<String> guidance(JsonNode decision) {
        List<String> titles = new ArrayList<>();
        decision.get("actions").forEach(a -> {
            if (a.get("type").asText().equals("GUIDANCE")) {
                titles.add(a.get("title").asText());
            }
        });
        return titles;
    }

    private static List<String> types(JsonNode actions) {
        List<String> types = new ArrayList<>();
        actions.forEach(a -> types.add(a.get("type").asText()));
        return types;
    }

    private static JsonNode find(JsonNode items, String type) {
        for (JsonNode item : items) {
            if (item.get("type").asText().equals(type)) {
                return item;
            }
        }
        return null;
    }
}
