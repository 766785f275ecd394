package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The money and contacts around a story as it moves on, through the API: outbound decisions are sends, accepted
 * credits are not paid twice, previews record nothing, and marketing consent governs marketing only.
 */
@MicronautTest
class MoneyAndContactsTest extends ApiTestBase {

    /** A consumer who asked to cancel, with a tablet line removed in March and billed again in April. */
    private static String leavingCustomer(String id) {
        return """
                {"customerId": "%1$s", "name": "Nia Roberts", "segment": "CONSUMER",
                 "identifiers": [{"type": "ACCOUNT", "value": "CA-%1$s"}],
                 "consents": {"EMAIL": true, "SMS": true, "LETTER": true},
                 "accounts": [{"accountId": "CA-%1$s", "status": "ACTIVE", "openedAt": "2023-01-09",
                               "contractEnd": "2027-01-09", "monthlyCommitment": 36.00}],
                 "subscriptions": [
                   {"subscriptionId": "S-%1$s-1", "accountId": "CA-%1$s", "kind": "VOICE", "device": "HANDSET",
                    "status": "ACTIVE", "activatedAt": "2023-01-09"},
                   {"subscriptionId": "S-%1$s-2", "accountId": "CA-%1$s", "kind": "DATA_ONLY", "device": "TABLET",
                    "status": "REMOVED", "activatedAt": "2024-02-01", "endedAt": "2026-03-12"}],
                 "accountEvents": [{"type": "CANCELLATION_REQUESTED", "at": "2026-05-12T09:00:00Z",
                                    "accountId": "CA-%1$s", "channel": "CALL_CENTER"}],
                 "charges": [{"chargeId": "CH-%1$s-4", "accountId": "CA-%1$s", "subscriptionId": "S-%1$s-2",
                              "billMonth": "2026-04", "amount": 9.50, "kind": "RECURRING", "status": "BILLED"}]}
                """.formatted(id);
    }

    private void store(String id) {
        Api.Reply saved = api.put("/v1/customers/" + id, Api.RECORDER, leavingCustomer(id));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(201);
    }

    private JsonNode decide(String id, String channel, String asOf, boolean preview) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, """
                {"customer": {"id": "%s"}, "channel": "%s", "asOf": "%s", "preview": %s}
                """.formatted(id, channel, asOf, preview));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private JsonNode contactHistory(String id) {
        return api.get("/v1/customers/" + id + "/context", Api.CHANNEL).json().get("contactHistory");
    }

    private static List<String> types(JsonNode decision) {
        List<String> types = new ArrayList<>();
        decision.get("actions").forEach(a -> types.add(a.get("type").asText()));
        return types;
    }

    private static JsonNode action(JsonNode decision, String type) {
        for (JsonNode a : decision.get("actions")) {
            if (a.get("type").asText().equals(type)) {
                return a;
            }
        }
        throw new AssertionError("no " + type + " in " + decision);
    }

    @Test
    void aLetterDecisionIsASendSoTheNextLetterDoesNotRepeatTheRetentionOffer() {
        store("C-9101");

        JsonNode first = decide("C-9101", "LETTER", "2026-05-20T08:00:00Z", false);
        JsonNode second = decide("C-9101", "LETTER", "2026-05-21T08:00:00Z", false);

        assertThat(types(first)).contains("RETENTION_OFFER", "CREDIT");
        assertThat(contactHistory("C-9101")).extracting(c -> c.get("outcome").asText() + " "
                + c.get("actionType").asText() + " " + c.get("channel").asText() + " " + c.get("at").asText())
                .contains("SENT RETENTION_OFFER LETTER 2026-05-20T08:00:00Z", "SENT CREDIT LETTER 2026-05-20T08:00:00Z");
        assertThat(types(second)).doesNotContain("RETENTION_OFFER");
        assertThat(second.get("suppressed")).anySatisfy(s -> {
            assertThat(s.get("type").asText()).isEqualTo("RETENTION_OFFER");
            assertThat(s.get("blockedBy").asText()).isEqualTo("At most one retention offer in 30 days");
        });
    }

    @Test
    void aSentContactIsAlsoAnOutcomeSoPostingItAgainChangesNothing() {
        store("C-9102");
        JsonNode letter = decide("C-9102", "LETTER", "2026-05-20T08:00:00Z", false);
        String creditId = action(letter, "CREDIT").get("actionId").asText();

        Api.Reply again = api.post("/v1/decisions/" + letter.get("decisionId").asText() + "/outcomes", Api.CHANNEL,
                "{\"actionId\": \"" + creditId + "\", \"outcome\": \"SENT\", \"at\": \"2026-05-20T08:00:00Z\"}");

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(contactHistory("C-9102")).filteredOn(c -> c.get("actionId").asText().equals(creditId)).hasSize(1);
    }

    @Test
    void anInboundDecisionRecordsNoContactUntilAnOutcomeIsPosted() {
        store("C-9103");

        decide("C-9103", "CALL_CENTER", "2026-05-20T08:00:00Z", false);

        assertThat(contactHistory("C-9103")).isEmpty();
    }

    @Test
    void aPreviewIsAnsweredButNothingIsRecorded() {
        store("C-9104");

        JsonNode preview = decide("C-9104", "LETTER", "2026-05-20T08:00:00Z", true);
        Api.Reply outcome = api.post("/v1/decisions/" + preview.get("decisionId").asText() + "/outcomes", Api.CHANNEL,
                "{\"actionId\": \"" + action(preview, "CREDIT").get("actionId").asText() + "\", \"outcome\": \"ACCEPTED\"}");

        assertThat(types(preview)).contains("RETENTION_OFFER", "CREDIT");
        assertThat(contactHistory("C-9104")).isEmpty();
        assertThat(outcome.status()).as("a preview decision is not on record").isEqualTo(404);
        assertThat(types(decide("C-9104", "LETTER", "2026-05-20T09:00:00Z", true))).contains("RETENTION_OFFER");
    }

    @Test
    void aCreditAcceptedOnThePhoneIsNotOfferedAgainOnTheWebAndTheStorySaysWhen() {
        store("C-9105");
        JsonNode call = decide("C-9105", "CALL_CENTER", "2026-05-20T10:00:00Z", false);
        JsonNode credit = action(call, "CREDIT");
        assertThat(credit.get("amount").decimalValue()).isEqualByComparingTo("9.50");

        Api.Reply accepted = api.post("/v1/decisions/" + call.get("decisionId").asText() + "/outcomes", Api.CHANNEL,
                "{\"actionId\": \"" + credit.get("actionId").asText() + "\", \"outcome\": \"ACCEPTED\", "
                        + "\"at\": \"2026-05-20T10:04:00Z\"}");
        JsonNode web = decide("C-9105", "WEB", "2026-05-21T18:00:00Z", false);

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
        assertThat(types(web)).doesNotContain("CREDIT");
        assertThat(web.get("storySoFar")).extracting(JsonNode::asText)
                .contains("2026-05-20 CALL_CENTER: CREDIT \"Credit 9.50 billed for removed lines\" accepted");
    }

    @Test
    void withdrawingLetterMarketingConsentBlocksTheRetentionLetterButNotTheCreditLetter() {
        store("C-9106");
        Api.Reply withdrawn = api.post("/v1/events", Api.RECORDER, """
                {"eventId": "E-9106-consent", "customer": {"id": "C-9106"}, "type": "CONSENT_CHANGED",
                 "at": "2026-05-15T12:00:00Z", "channel": "WEB", "consentChannel": "LETTER", "granted": false}
                """);
        assertThat(withdrawn.status()).as(withdrawn.toString()).isEqualTo(200);

        JsonNode after = decide("C-9106", "LETTER", "2026-05-20T08:00:00Z", true);
        JsonNode before = decide("C-9106", "LETTER", "2026-05-14T08:00:00Z", true);

        assertThat(types(after)).containsExactly("CREDIT");
        assertThat(action(after, "CREDIT").get("purpose").asText()).isEqualTo("SERVICE");
        assertThat(after.get("suppressed")).anySatisfy(s -> {
            assertThat(s.get("type").asText()).isEqualTo("RETENTION_OFFER");
            assertThat(s.get("blockedBy").asText()).isEqualTo("No marketing on an outbound channel without consent");
        });
        assertThat(types(before)).as("as of a moment before the withdrawal").contains("RETENTION_OFFER");
        assertThat(action(before, "RETENTION_OFFER").get("purpose").asText()).isEqualTo("MARKETING");
    }

    @Test
    void everyActionCarriesItsPurposeMandatoryFallbackAndPropensity() {
        store("C-9107");

        JsonNode decision = decide("C-9107", "CALL_CENTER", "2026-05-20T10:00:00Z", true);

        assertThat(decision.get("variant").asText()).isEqualTo("CHAMPION");
        assertThat(decision.get("actions")).isNotEmpty().allSatisfy(a -> {
            assertThat(a.get("purpose").asText()).isIn("SERVICE", "MARKETING");
            assertThat(a.get("mandatory").isBoolean()).isTrue();
            assertThat(a.get("fallback").asBoolean()).isFalse();
            assertThat(a.get("propensity").asDouble()).isBetween(0.0, 1.0);
            assertThat(a.get("propensitySource").asText()).isEqualTo("RULE");
        });
    }
}
