package io.chorus.api.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.OpenApiDocument;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of mutated requests against every endpoint of the running service (see {@link Fuzzer}): not one may be
 * answered 5xx, or not at all. The default build sends a few hundred; the full run (README, "Fuzzing") sends more:
 * {@code -Dchorus.fuzz.requests=20000 -Dchorus.fuzz.seed=N}.
 */
@MicronautTest
class FuzzTest extends ApiTestBase {
    private static final Map<String, String> KEYS = Map.of("CHANNEL", Api.CHANNEL, "RECORDER", Api.RECORDER,
            "ANALYST", Api.ANALYST, "ADMIN", Api.ADMIN);

    @Test
    void noMutatedRequestToAnyEndpointIsAnsweredWithA5xx() throws IOException {
        int requests = Integer.getInteger("chorus.fuzz.requests", 600);
        long seed = Long.getLong("chorus.fuzz.seed", 20261124L);
        Fuzzer fuzzer = seeded(new Fuzzer(server.getHost(), server.getPort(), seed, KEYS));

        Fuzzer.Report report = fuzzer.run(requests);

        System.out.println("[chorus fuzz] seed " + seed + ": " + report.summary());
        assertThat(report.failures()).as(report.summary()).isEmpty();
        assertThat(report.notProblemJson()).as(report.summary()).isEmpty();
        OpenApiDocument document = OpenApiDocument.served();
        List<String> undeclared = new ArrayList<>();
        report.byOperation().forEach((operation, statuses) -> {
            String[] methodAndPath = operation.split(" ", 2);
            if (document.operation(methodAndPath[0], methodAndPath[1]).isPresent()) {
                statuses.forEach(status -> document.problems(methodAndPath[0], methodAndPath[1], status, null, null)
                        .forEach(undeclared::add));
            }
        });
        assertThat(undeclared).as("statuses the service answered that the OpenAPI document does not declare")
                .isEmpty();
    }

    /** The story told through the API, then one valid request of every kind to start mutating from. */
    private Fuzzer seeded(Fuzzer fuzzer) throws IOException {
        assertThat(api.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isIn(200, 201);
        assertThat(api.post("/v1/events", Api.RECORDER, "[" + String.join(",", SeedStory.EVENTS) + "]").status())
                .isEqualTo(200);
        JsonNode decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("STORE")).json();
        String decisionId = decision.get("decisionId").asText();
        String actionId = decision.at("/actions/0/actionId").asText();
        JsonNode context = Fuzzer.json(Files.readString(SeedStory.seedCustomerFile()));

        ArrayNode batch = (ArrayNode) Fuzzer.json("[" + String.join(",", SeedStory.EVENTS.subList(5, 8)) + "]");
        batch.forEach(event -> ((ObjectNode) event).put("eventId", "{fresh}"));
        fuzzer.seed(seed("PUT /v1/customers/{id}", "PUT", "/v1/customers/{customerId}", Map.of("customerId", "C-1001"),
                        null, "RECORDER", Fuzzer.json(SeedStory.PROFILE_BEFORE_RENEWAL), 8))
                .seed(seed("POST /v1/events (batch)", "POST", "/v1/events", Map.of(), null, "RECORDER", batch, 6))
                .seed(seed("POST /v1/decisions (id)", "POST", "/v1/decisions", Map.of(), null, "CHANNEL",
                        Fuzzer.json(SeedStory.recordedDecisionRequest("EMAIL")), 8))
                .seed(seed("POST /v1/decisions (identifier)", "POST", "/v1/decisions", Map.of(), null, "CHANNEL",
                        Fuzzer.json("{\"customer\": {\"identifier\": {\"type\": \"MSISDN\", \"value\": \"07700 900001\"}},"
                                + " \"channel\": \"CALL_CENTER\", \"asOf\": \"2026-05-20T10:00:00Z\", \"maxActions\": 3,"
                                + " \"preview\": true}"), 6))
                .seed(seed("POST /v1/decisions (context)", "POST", "/v1/decisions", Map.of(), null, "CHANNEL",
                        inline(context), 14))
                .seed(seed("POST /v1/decisions/{id}/outcomes", "POST", "/v1/decisions/{decisionId}/outcomes",
                        Map.of("decisionId", decisionId), null, "CHANNEL", Fuzzer.json("{\"actionId\": \"" + actionId
                                + "\", \"outcome\": \"ACCEPTED\", \"at\": \"2026-05-20T10:05:00Z\"}"), 8))
                .seed(seed("GET /v1/customers/{id}/context", "GET", "/v1/customers/{customerId}/context",
                        Map.of("customerId", "C-1001"), null, "CHANNEL", null, 5))
                .seed(seed("GET /v1/customers?identifier", "GET", "/v1/customers", Map.of(),
                        "identifier=SOCIAL:%40samrivers", "CHANNEL", null, 5))
                .seed(seed("GET /v1/rules", "GET", "/v1/rules", Map.of(), null, "ANALYST", null, 3))
                .seed(seed("POST /v1/rules/reload", "POST", "/v1/rules/reload", Map.of(), null, "ADMIN", null, 1))
                .seed(seed("GET /v1/nowhere", "GET", "/v1/nowhere/{x}", Map.of("x", "1"), null, "ADMIN", null, 1));
        for (String management : new String[]{"/health", "/health/liveness", "/health/readiness", "/prometheus",
                "/openapi.yml", "/routes", "/beans", "/threaddump", "/flyway", "/metrics", "/loggers", "/env",
                "/info", "/refresh", "/caches", "/stop"}) {
            fuzzer.seed(seed("GET " + management, "GET", management, Map.of(), null, "NONE", null, 1));
        }
        fuzzer.seed(seed("POST /refresh", "POST", "/refresh", Map.of(), null, "NONE", Fuzzer.json("{}"), 1));
        for (String event : SeedStory.EVENTS) {
            ObjectNode single = (ObjectNode) Fuzzer.json(event);
            single.put("eventId", "{fresh}");
            fuzzer.seed(seed("POST /v1/events " + single.get("type").asText(), "POST", "/v1/events", Map.of(), null,
                    "RECORDER", single, 2));
        }
        return fuzzer;
    }

    private static JsonNode inline(JsonNode context) {
        ObjectNode request = (ObjectNode) Fuzzer.json("{\"channel\": \"WEB\", \"asOf\": \"2026-05-20T10:00:00Z\"}");
        request.set("context", context);
        return request;
    }

    private static Fuzzer.Seed seed(String name, String method, String path, Map<String, String> variables,
                                    String query, String role, JsonNode body, int weight) {
        return new Fuzzer.Seed(name, method, path, variables, query, role, body, weight);
    }
}
