package io.chorus.api.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.OpenApiDocument;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served OpenAPI document against the service's real answers: the seed story told and asked through every
 * operation, with every kind of error, and each answer checked against the document (status declared, content
 * type declared, every field declared with its type, required fields present, enum values known). A field or a
 * status the service returns and the document does not declare fails the build.
 */
@MicronautTest
class OpenApiAnswersTest extends ApiTestBase {
    private final OpenApiDocument document = OpenApiDocument.served();
    private final List<String> problems = new ArrayList<>();
    private final List<String> answered = new ArrayList<>();

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("micronaut.server.max-request-size", "64KB");
    }

    @Test
    void everyAnswerOfTheSeedStoryAndItsErrorsIsDeclaredInTheDocument() throws Exception {
        String sam = "/v1/customers/C-1001";
        check("PUT", sam, api.put(sam, Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL), 201);
        check("PUT", sam, api.put(sam, Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL), 200);
        check("POST", "/v1/events", api.post("/v1/events", Api.RECORDER, "[" + String.join(",", SeedStory.EVENTS) + "]"), 200);
        check("POST", "/v1/events", api.post("/v1/events", Api.RECORDER, SeedStory.EVENTS.get(0)), 200);
        check("POST", "/v1/events", api.post("/v1/events", Api.RECORDER,
                SeedStory.EVENTS.get(0).replace("\"monthlyDelta\": 0.00", "\"monthlyDelta\": 5.00")), 409);
        check("PUT", "/v1/customers/C-2", api.put("/v1/customers/C-2", Api.RECORDER,
                SeedStory.PROFILE_BEFORE_RENEWAL.replace("\"C-1001\"", "\"C-2\"")), 409);

        for (String channel : new String[]{"CALL_CENTER", "STORE", "WEB", "EMAIL", "LETTER"}) {
            check("POST", "/v1/decisions", api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest(channel)), 200);
        }
        Api.Reply decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("CALL_CENTER"));
        check("POST", "/v1/decisions", decision, 200);
        String context = Files.readString(SeedStory.seedCustomerFile()).replace("C-1001", "C-INLINE");
        check("POST", "/v1/decisions", api.post("/v1/decisions", Api.CHANNEL, "{\"context\": " + context
                + ", \"channel\": \"CALL_CENTER\", \"asOf\": \"" + SeedStory.DECIDE_AT + "\"}"), 200);
        String outcomes = "/v1/decisions/" + decision.json().get("decisionId").asText() + "/outcomes";
        String accepted = "{\"actionId\": \"" + decision.json().at("/actions/0/actionId").asText()
                + "\", \"outcome\": \"ACCEPTED\", \"at\": \"2026-05-20T10:05:00Z\"}";
        check("POST", outcomes, api.post(outcomes, Api.CHANNEL, accepted), 201);
        check("POST", outcomes, api.post(outcomes, Api.CHANNEL, accepted), 200);
        String recorded = "/v1/decisions/" + decision.json().get("decisionId").asText();
        check("GET", recorded, api.get(recorded, Api.CHANNEL), 200);

        check("GET", sam + "/context", api.get(sam + "/context", Api.CHANNEL), 200);
        check("GET", "/v1/customers?identifier=SOCIAL:samrivers", api.get("/v1/customers?identifier=SOCIAL:samrivers", Api.CHANNEL), 200);
        check("GET", "/v1/rules", api.get("/v1/rules", Api.ANALYST), 200);
        check("POST", "/v1/rules/reload", api.post("/v1/rules/reload", Api.ADMIN, ""), 200);
        for (String health : new String[]{"/health", "/health/liveness", "/health/readiness"}) {
            check("GET", health, api.get(health, null), 200);
        }
        check("GET", "/prometheus", api.get("/prometheus", Api.ADMIN), 200);
        check("GET", "/openapi.yml", api.get("/openapi.yml", null), 200);
        check("GET", "/docs", api.get("/docs", null), 200);
        check("GET", "/console", api.get("/console", null), 200);

        check("POST", "/v1/decisions", api.post("/v1/decisions", Api.CHANNEL, "{\"channel\": \"PIGEON\"}"), 400);
        check("POST", "/v1/decisions", api.post("/v1/decisions", null, SeedStory.decisionRequest("WEB")), 401);
        check("POST", "/v1/decisions", api.post("/v1/decisions", Api.RECORDER, SeedStory.decisionRequest("WEB")), 403);
        check("POST", "/v1/decisions", api.post("/v1/decisions", Api.CHANNEL,
                "{\"customer\": {\"id\": \"C-404\"}, \"channel\": \"WEB\"}"), 404);
        check("POST", "/v1/decisions", api.send(api.request("/v1/decisions", Api.CHANNEL)
                .header("Content-Type", "application/json").header("Accept", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(SeedStory.decisionRequest("WEB")))), 406);
        check("POST", "/v1/decisions", api.post("/v1/decisions", Api.CHANNEL, "{\"note\": \"" + "x".repeat(70_000) + "\"}"), 413);
        check("POST", "/v1/decisions", api.send(api.request("/v1/decisions", Api.CHANNEL)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(SeedStory.decisionRequest("WEB")))), 415);
        check("POST", "/v1/decisions/none/outcomes", api.post("/v1/decisions/none/outcomes", Api.CHANNEL, accepted), 404);
        check("POST", outcomes, api.post(outcomes, Api.CHANNEL, "{\"actionId\": \"A-x\", \"outcome\": \"LOVED\"}"), 400);
        check("GET", "/v1/customers/C-404/context", api.get("/v1/customers/C-404/context", Api.CHANNEL), 404);
        check("GET", "/v1/customers/%00/context", api.get("/v1/customers/%00/context", Api.CHANNEL), 400);
        check("GET", "/v1/customers?identifier=FAX:1", api.get("/v1/customers?identifier=FAX:1", Api.CHANNEL), 400);
        check("GET", "/v1/customers?identifier=EMAIL:nobody@example.com",
                api.get("/v1/customers?identifier=EMAIL:nobody@example.com", Api.CHANNEL), 404);
        check("POST", "/v1/events", api.post("/v1/events", Api.RECORDER, "[]"), 400);
        check("GET", "/v1/rules", api.get("/v1/rules", Api.CHANNEL), 403);
        check("GET", "/prometheus", api.get("/prometheus", null), 401);

        assertThat(problems).as("answered: " + answered).isEmpty();
    }

    private void check(String method, String path, Api.Reply reply, int expectedStatus) {
        answered.add(method + " " + path + " " + reply.status());
        if (reply.status() != expectedStatus) {
            problems.add(method + " " + path + ": expected " + expectedStatus + ", was " + reply);
            return;
        }
        JsonNode body = reply.contentType().contains("json") ? reply.json() : MissingNode.getInstance();
        problems.addAll(document.problems(method, path, reply.status(), reply.contentType(), body));
    }
}
