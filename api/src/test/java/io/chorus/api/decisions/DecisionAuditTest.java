package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.RuleSetFolder;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed story's "no centralised record", answered: every decision can be read back with the context the
 * engine saw, every channel sees what the others were told, and a decision replays identically on the rule set
 * that made it, even after another version has become active.
 */
// Not in a test transaction: the pruning must commit for the service to see it.
@MicronautTest(transactional = false)
class DecisionAuditTest extends ApiTestBase {
    @Inject
    DecisionStore store;

    @BeforeAll
    void storeTheSeedCustomer() throws IOException {
        Api start = new Api(server.getURI());
        Api.Reply saved = start.put("/v1/customers/C-1001", Api.RECORDER, Files.readString(SeedStory.seedCustomerFile()));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    }

    private JsonNode decide(String channel) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest(channel));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void aDecisionReadsBackAsAnsweredWithTheContextTheEngineSaw() {
        JsonNode answered = decide("CALL_CENTER");

        Api.Reply read = api.get("/v1/decisions/" + answered.get("decisionId").asText(), Api.CHANNEL);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        JsonNode audit = read.json();
        assertThat(audit.get("actions")).isEqualTo(answered.get("actions"));
        assertThat(audit.get("suppressed")).isEqualTo(answered.get("suppressed"));
        assertThat(audit.get("storySoFar")).isEqualTo(answered.get("storySoFar"));
        assertThat(audit.get("ruleSetVersion")).isEqualTo(answered.get("ruleSetVersion"));
        assertThat(audit.get("variant").asText()).isEqualTo("CHAMPION");
        assertThat(Instant.parse(audit.get("recordedAt").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(audit.at("/context/customerId").asText()).isEqualTo("C-1001");
        assertThat(audit.at("/context/charges").findValuesAsText("chargeId")).contains("CH-9");
        assertThat(api.get("/v1/decisions/no-such-decision", Api.CHANNEL).status()).isEqualTo(404);
    }

    @Test
    void everyChannelSeesWhatTheOthersToldTheCustomerNewestFirst() {
        JsonNode store = decide("STORE");
        JsonNode web = decide("WEB");
        JsonNode social = decide("SOCIAL");

        JsonNode told = api.get("/v1/customers/C-1001/decisions?limit=3", Api.CHANNEL).json();

        assertThat(told.findValuesAsText("decisionId")).containsExactly(social.get("decisionId").asText(),
                web.get("decisionId").asText(), store.get("decisionId").asText());
        assertThat(told.get(0).get("channel").asText()).isEqualTo("SOCIAL");
        assertThat(told.get(0).get("actions")).anySatisfy(a -> {
            assertThat(a.get("type").asText()).isEqualTo("CREDIT");
            assertThat(a.get("amount").decimalValue()).isEqualByComparingTo("12.50");
            assertThat(a.get("title").asText()).isNotBlank();
        });
        assertThat(told.get(0).get("suppressedCount").asInt()).isEqualTo(social.get("suppressed").size());
        assertThat(api.get("/v1/customers/C-1001/decisions?limit=0", Api.CHANNEL).json().at("/errors/0/field")
                .asText()).isEqualTo("limit");
        assertThat(api.get("/v1/customers/C-404/decisions", Api.CHANNEL).status()).isEqualTo(404);
    }

    @Test
    void aDecisionMadeUnderAnOlderVersionReplaysIdenticallyAfterANewerOneIsActive() {
        JsonNode made = decide("CALL_CENTER");
        String original = made.get("ruleSetVersion").asText();
        String newer = api.post("/v1/rule-sets", Api.ADMIN, RuleSetFolder.withReworded().deployRequest(true))
                .json().get("version").asText();
        try {
            assertThat(decide("CALL_CENTER").get("ruleSetVersion").asText()).isEqualTo(newer);

            Api.Reply same = api.post("/v1/decisions/" + made.get("decisionId").asText() + "/replay", Api.ANALYST, "");
            Api.Reply onNewer = api.post("/v1/decisions/" + made.get("decisionId").asText() + "/replay", Api.ANALYST,
                    "{\"ruleSetVersion\": \"" + newer + "\"}");

            assertThat(same.status()).as(same.toString()).isEqualTo(200);
            assertThat(same.json().get("identical").asBoolean()).as(same.toString()).isTrue();
            assertThat(same.json().get("differences")).isEmpty();
            assertThat(same.json().at("/replayed/ruleSetVersion").asText()).isEqualTo(original);
            assertThat(same.json().get("replayed")).isEqualTo(same.json().get("original"));
            assertThat(onNewer.json().get("identical").asBoolean()).isFalse();
            assertThat(onNewer.json().get("differences")).extracting(JsonNode::asText)
                    .anyMatch(d -> d.contains("message") && d.contains("quote the case number"));
        } finally {
            api.post("/v1/rule-sets/" + original + "/activate", Api.ADMIN, "");
        }
    }

    @Test
    void aDecisionKeepsTheContextItSawAfterTheStoryMovesOn() {
        JsonNode before = decide("CALL_CENTER");
        Api.Reply calledAgain = api.post("/v1/events", Api.RECORDER, SeedStory.event("AUDIT-CALL", "INTERACTION",
                "2026-05-18T10:00:00Z", "CALL_CENTER",
                "\"topic\": \"BILLING\", \"caseId\": \"K-1\", \"note\": \"Called again about the removed SIM\""));
        assertThat(calledAgain.status()).as(calledAgain.toString()).isEqualTo(200);
        JsonNode after = decide("CALL_CENTER");

        JsonNode seenBefore = api.get("/v1/decisions/" + before.get("decisionId").asText(), Api.CHANNEL).json();
        JsonNode seenAfter = api.get("/v1/decisions/" + after.get("decisionId").asText(), Api.CHANNEL).json();
        Api.Reply replayed = api.post("/v1/decisions/" + before.get("decisionId").asText() + "/replay", Api.ANALYST, "");

        assertThat(seenBefore.at("/context/interactions").findValuesAsText("note"))
                .doesNotContain("Called again about the removed SIM");
        assertThat(seenAfter.at("/context/interactions").findValuesAsText("note"))
                .contains("Called again about the removed SIM");
        assertThat(caseGuidance(seenBefore)).contains("contacted us 5 time(s)");
        assertThat(caseGuidance(seenAfter)).contains("contacted us 6 time(s)");
        assertThat(replayed.json().get("identical").asBoolean()).as(replayed.toString()).isTrue();
    }

    private static String caseGuidance(JsonNode decision) {
        for (JsonNode action : decision.get("actions")) {
            if (action.get("key").asText().equals("open-case:K-1")) {
                return action.get("message").asText();
            }
        }
        throw new AssertionError("no guidance on case K-1 in " + decision);
    }

    @Test
    void replayingIsForAnalystsAndNamesWhatIsUnknown() {
        String decisionId = decide("WEB").get("decisionId").asText();

        assertThat(api.post("/v1/decisions/" + decisionId + "/replay", Api.CHANNEL, "").status()).isEqualTo(403);
        assertThat(api.post("/v1/decisions/" + decisionId + "/replay", Api.ANALYST,
                "{\"ruleSetVersion\": \"sha256:never-stored\"}").status()).isEqualTo(404);
        assertThat(api.post("/v1/decisions/unknown/replay", Api.ANALYST, "").status()).isEqualTo(404);
    }

    @Test
    void decisionsPastTheirKeepingTimeAreForgottenWithTheirOutcomes() {
        JsonNode made = decide("STORE");
        String creditId = made.get("actions").get(0).get("actionId").asText();
        api.post("/v1/decisions/" + made.get("decisionId").asText() + "/outcomes", Api.CHANNEL,
                "{\"actionId\": \"" + creditId + "\", \"outcome\": \"PRESENTED\"}");

        int pruned = store.pruneOlderThan(-1);

        assertThat(pruned).isPositive();
        assertThat(api.get("/v1/decisions/" + made.get("decisionId").asText(), Api.CHANNEL).status()).isEqualTo(404);
    }
}
