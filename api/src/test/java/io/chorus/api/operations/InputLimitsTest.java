package io.chorus.api.operations;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/api.md, "Limits", through HTTP: every input an attacker or a careless integrator sends is a 4xx
 * problem document naming what was wrong, before any store is touched; never a 500, never silently accepted.
 */
@MicronautTest
class InputLimitsTest extends ApiTestBase {
    private static final String SAM = "\"customer\": {\"id\": \"C-1001\"}";

    @BeforeAll
    void storeTheSeedCustomer() {
        Api start = new Api(server.getURI());
        assertThat(start.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
        assertThat(start.put("/v1/customers/C-2002", Api.RECORDER, "{\"name\": \"Ada Lane\", \"segment\": \"CONSUMER\"}")
                .status()).isEqualTo(201);
    }

    @Test
    void aBodyOverOneMebibyteIs413WhetherItsLengthIsDeclaredOrNot() {
        String huge = "{\"note\": \"" + "x".repeat(1_100_000) + "\"}";

        Api.Reply declared = api.post("/v1/events", Api.RECORDER, huge);
        Api.Reply chunked = api.send(api.request("/v1/decisions", Api.CHANNEL)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes()))));

        assertProblem(declared, 413, null);
        assertProblem(chunked, 413, null);
    }

    @Test
    void twoConcatenatedEventsAre400AndNeitherIsApplied() {
        String first = SeedStory.event("L-1", "SURVEY_RESPONDED", "2026-05-01T10:00:00Z", "SMS", "\"score\": 3");
        String second = SeedStory.event("L-2", "SURVEY_RESPONDED", "2026-05-02T10:00:00Z", "SMS", "\"score\": 4");

        assertProblem(api.post("/v1/events", Api.RECORDER, first + second), 400, "");
        assertProblem(api.post("/v1/events", Api.RECORDER, first + " trailing"), 400, "");
        assertThat(surveyScores()).doesNotContain(3, 4);
    }

    @Test
    void aDuplicatedKeyIs400NamingIt() {
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{" + SAM + ", \"channel\": \"WEB\", \"channel\": \"LETTER\", \"preview\": true}"), 400, "channel");
        assertProblem(api.post("/v1/events", Api.RECORDER, SeedStory.event("L-3", "SURVEY_RESPONDED",
                "2026-05-01T10:00:00Z", "SMS", "\"score\": 3, \"score\": 9")), 400, "score");
    }

    @Test
    void aNulCharacterAnywhereIs400NamingTheField() {
        assertProblem(api.put("/v1/customers/C-1001", Api.RECORDER,
                SeedStory.PROFILE_BEFORE_RENEWAL.replace("Sam Rivers", "Sam\\u0000Rivers")), 400, "name");
        Api.Reply event = api.post("/v1/events", Api.RECORDER, SeedStory.event("L-4", "INTERACTION",
                "2026-05-01T10:00:00Z", "STORE", "\"topic\": \"BILLING\", \"note\": \"said \\u0000 nothing\""));
        assertProblem(event, 400, "note");
        assertThat(event.json().at("/errors/0/index").asInt()).isZero();
        assertThat(event.json().at("/errors/0/eventId").asText()).isEqualTo("L-4");
        assertProblem(api.get("/v1/customers/C-1001%00/context", Api.CHANNEL), 400, "customerId");
        assertProblem(api.post("/v1/decisions/d%00/outcomes", Api.CHANNEL,
                "{\"actionId\": \"A-1\", \"outcome\": \"ACCEPTED\"}"), 400, "decisionId");
        assertProblem(api.get("/v1/customers?identifier=EMAIL:sam%00@example.com", Api.CHANNEL), 400, "identifier");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL, "{\"context\": {\"customerId\": \"C-X\", "
                + "\"segment\": \"CONSUMER\", \"name\": \"\\u0000\"}, \"channel\": \"WEB\"}"), 400, "context.name");
    }

    @Test
    void anIdOver128CharactersIs400InTheBodyAndInThePath() {
        String longId = "C-" + "9".repeat(2_800);

        assertProblem(api.get("/v1/customers/" + longId + "/context", Api.CHANNEL), 400, "customerId");
        assertProblem(api.put("/v1/customers/" + "C".repeat(129), Api.RECORDER, "{\"segment\": \"CONSUMER\"}"),
                400, "customerId");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"id\": \"" + longId + "\"}, \"channel\": \"WEB\"}"), 400, "customer.id");
        assertProblem(api.post("/v1/events", Api.RECORDER, SeedStory.event("E-" + "1".repeat(2_800),
                "SURVEY_RESPONDED", "2026-05-01T10:00:00Z", "SMS", "\"score\": 3")), 400, "eventId");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": {\"identifier\": {\"type\": \"EMAIL\", "
                + "\"value\": \"" + "s".repeat(129) + "@example.com\"}}, \"channel\": \"WEB\"}"), 400,
                "customer.identifier.value");
    }

    @Test
    void aNoteOver4096CharactersIs400() {
        assertProblem(api.post("/v1/events", Api.RECORDER, SeedStory.event("L-5", "INTERACTION",
                "2026-05-01T10:00:00Z", "STORE", "\"topic\": \"BILLING\", \"note\": \"" + "n".repeat(4_097) + "\"")),
                400, "note");
    }

    @Test
    void aTimestampBeyondWhatTheStoreKeepsOrAnEpochNumberIs400() {
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{" + SAM + ", \"channel\": \"WEB\", \"asOf\": \"+300000-01-01T00:00:00Z\"}"), 400, "asOf");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{" + SAM + ", \"channel\": \"WEB\", \"asOf\": 1779271200}"), 400, "asOf");
        assertProblem(api.post("/v1/events", Api.RECORDER, SeedStory.event("L-6", "SURVEY_RESPONDED",
                "1899-12-31T23:59:59Z", "SMS", "\"score\": 3")), 400, "at");
        assertProblem(api.post("/v1/decisions/d-1/outcomes", Api.CHANNEL,
                "{\"actionId\": \"A-1\", \"outcome\": \"ACCEPTED\", \"at\": \"10000-01-01T00:00:00Z\"}"), 400, "at");
    }

    @Test
    void aChargeThatIsNegativeAstronomicalOrNotInCentsIs400() {
        assertProblem(api.post("/v1/events", Api.RECORDER, charge("L-7", "-500.00")), 400, "amount");
        assertProblem(api.post("/v1/events", Api.RECORDER, charge("L-8", "1e308")), 400, "amount");
        assertProblem(api.post("/v1/events", Api.RECORDER, charge("L-9", "12.505")), 400, "amount");
        assertProblem(api.post("/v1/events", Api.RECORDER, SeedStory.event("L-10", "PROMOTION_ENROLLED",
                "2026-05-01T10:00:00Z", "STORE", "\"promotionId\": \"P-1\", \"partnerMonthlyFee\": -9.99")), 400,
                "partnerMonthlyFee");
    }

    @Test
    void anEventIdReusedWithOtherContentIs409NamingItAndTheSameEventAgainIsARepeat() {
        String survey = SeedStory.event("R-1", "SURVEY_RESPONDED", "2026-05-01T10:00:00Z", "SMS", "\"score\": 6");
        assertThat(api.post("/v1/events", Api.RECORDER, survey).status()).isEqualTo(200);

        Api.Reply repeat = api.post("/v1/events", Api.RECORDER,
                survey.replace("\"score\": 6", "\"score\": 6.0").replace(", ", ",   "));
        Api.Reply otherScore = api.post("/v1/events", Api.RECORDER, survey.replace("\"score\": 6", "\"score\": 1"));
        Api.Reply otherCustomer = api.post("/v1/events", Api.RECORDER, survey.replace("C-1001", "C-2002"));

        assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
        assertThat(repeat.json().at("/events/0/status").asText()).isEqualTo("DUPLICATE");
        assertProblem(otherScore, 409, "eventId");
        assertThat(otherScore.json().at("/errors/0/eventId").asText()).isEqualTo("R-1");
        assertProblem(otherCustomer, 409, "eventId");
        assertThat(surveyScores()).contains(6).doesNotContain(1);
    }

    @Test
    void anInlineContextWithMoreSurveysThanADecisionCanAffordIs400NamingTheList() {
        String survey = "{\"at\": \"2026-03-10T14:00:00Z\", \"channel\": \"SMS\", \"score\": 10}";
        String context = "{\"customerId\": \"C-INLINE\", \"segment\": \"CONSUMER\", \"surveys\": ["
                + String.join(",", java.util.Collections.nCopies(1_000, survey)) + "]}";

        assertProblem(api.post("/v1/decisions", Api.CHANNEL, "{\"context\": " + context + ", \"channel\": \"WEB\"}"),
                400, "context.surveys");
    }

    @Test
    void moreThanAThousandEventsInOneRequestIs400() {
        String survey = SeedStory.event("{id}", "SURVEY_RESPONDED", "2026-05-01T10:00:00Z", "SMS", "\"score\": 8");
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 1_001; i++) {
            batch.append(i == 0 ? "" : ",").append(survey.replace("{id}", "B-" + i));
        }

        assertProblem(api.post("/v1/events", Api.RECORDER, batch.append("]").toString()), 400, "");
    }

    @Test
    void aLoneSurrogateIsNotTextAndIs400() {
        assertProblem(api.put("/v1/customers/C-1001", Api.RECORDER,
                SeedStory.PROFILE_BEFORE_RENEWAL.replace("Sam Rivers", "Sam \\ud800")), 400, "name");
    }

    private java.util.List<Integer> surveyScores() {
        JsonNode context = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        return context.path("surveys").findValues("score").stream().map(JsonNode::asInt).toList();
    }

    private static String charge(String eventId, String amount) {
        return SeedStory.event(eventId, "CHARGE_BILLED", "2026-05-01T00:00:00Z", null, "\"chargeId\": \"CH-" + eventId
                + "\", \"accountId\": \"BA-77\", \"billMonth\": \"2026-05\", \"amount\": " + amount
                + ", \"kind\": \"ONE_OFF\"");
    }

    static void assertProblem(Api.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        if (field != null) {
            assertThat(problem.get("errors").findValuesAsText("field")).as(reply.toString()).contains(field);
        }
    }
}
