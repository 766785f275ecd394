package io.chorus.api.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way a request can be wrong is a problem document that names the field; never a 500 for bad input. */
@MicronautTest
class RequestErrorsTest extends ApiTestBase {

    @BeforeAll
    void storeTheSeedCustomer() {
        Api start = new Api(server.getURI());
        assertThat(start.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
    }

    @Test
    void shouldNameTheFieldForAnUnknownChannel() {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"id\": \"C-1001\"}, \"channel\": \"PIGEON\"}");

        assertProblem(reply, 400, "channel");
        assertThat(reply.json().at("/errors/0/message").asText()).contains("PIGEON").contains("CALL_CENTER");
    }

    @Test
    void shouldNameTheFieldForATimestampWithoutOffset() {
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"id\": \"C-1001\"}, \"channel\": \"WEB\", \"asOf\": \"2026-05-20 10:00\"}"), 400, "asOf");
    }

    @Test
    void shouldRefuseMalformedJsonAndEmptyBodiesWith400() {
        assertThat(api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": ").status()).isEqualTo(400);
        assertThat(api.post("/v1/decisions", Api.CHANNEL, "").status()).isEqualTo(400);
        assertThat(api.post("/v1/decisions", Api.CHANNEL, "[1, 2]").status()).isEqualTo(400);
        assertThat(api.post("/v1/events", Api.RECORDER, "\"text\"").status()).isEqualTo(400);
        assertThat(api.post("/v1/events", Api.RECORDER, "[]").status()).isEqualTo(400);
    }

    @Test
    void shouldNameMissingAndWronglyTypedFields() {
        assertProblem(api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": {\"id\": \"C-1001\"}}"), 400, "channel");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL, "{\"channel\": \"WEB\"}"), 400, "customer");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"id\": \"C-1001\"}, \"channel\": \"WEB\", \"maxActions\": \"five\"}"), 400, "maxActions");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"identifier\": {\"type\": \"FAX\", \"value\": \"1\"}}, \"channel\": \"WEB\"}"),
                400, "customer.identifier.type");
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"identifier\": {\"type\": \"EMAIL\"}}, \"channel\": \"WEB\"}"),
                400, "customer.identifier.value");
    }

    @Test
    void shouldNameTheFieldOfAnInvalidInlineContext() {
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"context\": {\"customerId\": \"X-1\", \"segment\": \"BUSINESS\", \"accounts\": "
                        + "[{\"accountId\": \"A\", \"status\": \"OPEN\"}]}, \"channel\": \"WEB\"}"), 400, "context.accounts[0].status");
    }

    @Test
    void shouldDecideForAnInlineContextThatIsNotStored() throws IOException {
        String context = Files.readString(SeedStory.seedCustomerFile()).replace("C-1001", "C-INLINE");
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, "{\"context\": " + context
                + ", \"channel\": \"CALL_CENTER\", \"asOf\": \"2026-05-20T10:00:00Z\"}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().get("customerId").asText()).isEqualTo("C-INLINE");
        assertThat(reply.json().get("actions")).isNotEmpty();
    }

    @Test
    void shouldAnswer404ForAnUnknownCustomerIdentifierOrDecision() {
        assertProblem(api.post("/v1/decisions", Api.CHANNEL, "{\"customer\": {\"id\": \"C-404\"}, \"channel\": \"WEB\"}"),
                404, null);
        assertProblem(api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"identifier\": {\"type\": \"EMAIL\", \"value\": \"nobody@example.com\"}}, \"channel\": \"WEB\"}"),
                404, null);
        assertProblem(api.get("/v1/customers/C-404/context", Api.CHANNEL), 404, null);
        assertProblem(api.post("/v1/decisions/no-such-decision/outcomes", Api.CHANNEL,
                "{\"actionId\": \"A-1\", \"outcome\": \"ACCEPTED\"}"), 404, null);
    }

    @Test
    void shouldRefuseAnEventForAnUnknownCustomerNamingIt() {
        Api.Reply reply = api.post("/v1/events", Api.RECORDER, "{\"eventId\": \"X-1\", \"customer\": {\"id\": \"C-404\"}, "
                + "\"type\": \"SURVEY_RESPONDED\", \"at\": \"2026-05-01T10:00:00Z\", \"score\": 7}");

        assertProblem(reply, 400, "customer.id");
        assertThat(reply.json().at("/errors/0/eventId").asText()).isEqualTo("X-1");
    }

    @Test
    void shouldRefuseAnOutcomeForAnActionTheDecisionDidNotShow() {
        String decisionId = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("STORE"))
                .json().get("decisionId").asText();

        assertProblem(api.post("/v1/decisions/" + decisionId + "/outcomes", Api.CHANNEL,
                "{\"actionId\": \"A-made-up\", \"outcome\": \"ACCEPTED\"}"), 400, "actionId");
        assertProblem(api.post("/v1/decisions/" + decisionId + "/outcomes", Api.CHANNEL,
                "{\"actionId\": \"A-made-up\", \"outcome\": \"LOVED_IT\"}"), 400, "outcome");
    }

    @Test
    void shouldRefuseAProfileWhoseIdContradictsThePathOrWhoseIdentifierBelongsToAnother() {
        assertProblem(api.put("/v1/customers/C-2", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL), 400, "customerId");
        String thief = SeedStory.PROFILE_BEFORE_RENEWAL.replace("\"C-1001\"", "\"C-2\"");
        assertProblem(api.put("/v1/customers/C-2", Api.RECORDER, thief), 409, "identifiers[0]");
    }

    @Test
    void shouldNeverAnswer500ForAnUnknownRouteOrMethod() {
        assertThat(api.get("/v1/nowhere", Api.ADMIN).status()).isEqualTo(404);
        assertThat(api.get("/v1/decisions", Api.ADMIN).status()).isEqualTo(405);
        assertThat(api.get("/v1/nowhere", Api.ADMIN).contentType()).startsWith("application/problem+json");
    }

    private static void assertProblem(Api.Reply reply, int status, String field) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asText()).isNotBlank();
        if (field != null) {
            assertThat(problem.get("errors").findValuesAsText("field")).as(reply.toString()).contains(field);
        }
    }

}
