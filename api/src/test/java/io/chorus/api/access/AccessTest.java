package io.chorus.api.access;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** Access (docs/api.md): no key 401, a key without the role 403; health needs no key, metrics an ADMIN one. */
@MicronautTest
class AccessTest extends ApiTestBase {
    private static final String SURVEY = SeedStory.event("A-1", "SURVEY_RESPONDED", "2026-05-01T10:00:00Z", "SMS",
            "\"score\": 8");

    @BeforeAll
    void storeTheSeedCustomer() {
        assertThat(new Api(server.getURI()).put("/v1/customers/C-1001", Api.RECORDER,
                SeedStory.PROFILE_BEFORE_RENEWAL).status()).isEqualTo(201);
    }

    @Test
    void givenNoKeyOrAnUnknownKey_whenCallingV1_then401() {
        Api.Reply none = api.get("/v1/rules", null);
        Api.Reply unknown = api.get("/v1/rules", "not-a-key");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(unknown.status()).isEqualTo(401);
    }

    @Test
    void givenNoKey_whenAPathVariableIsMalformed_then401BeforeAnyCheckOfTheRequest() {
        Api.Reply reply = api.get("/v1/customers/%00/context", null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).doesNotContain("customerId");
    }

    @Test
    void givenAnUnsignedTokenClaimingAdmin_whenNoIdentityProviderIsConfigured_then401() {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String unsigned = base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"mallory\",\"roles\":[\"ADMIN\"],\"exp\":"
                + (System.currentTimeMillis() / 1000 + 600) + "}").getBytes(StandardCharsets.UTF_8)) + ".";

        Api.Reply reply = api.get("/v1/rules", unsigned);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.contentType()).startsWith("application/problem+json");
    }

    @Test
    void givenAnUnknownKey_then401WithABearerChallengeAndAProblem() {
        HttpResponse<String> reply = api.raw(api.request("/v1/rules", "not-a-key-but-long-enough-to-be-one-0123").GET());

        assertThat(reply.statusCode()).isEqualTo(401);
        assertThat(reply.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(reply.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(reply.body()).contains("\"status\":401");
    }

    @Test
    void givenAChannelKey_whenPostingEventsOrProfiles_then403() {
        assertThat(api.post("/v1/events", Api.CHANNEL, SURVEY).status()).isEqualTo(403);
        assertThat(api.put("/v1/customers/C-1001", Api.CHANNEL, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(403);
        Api.Reply forbidden = api.get("/v1/rules", Api.CHANNEL);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.contentType()).startsWith("application/problem+json");
        assertThat(forbidden.json().get("detail").asText()).contains("[ANALYST] or ADMIN");
    }

    @Test
    void givenARecorderKey_whenDecidingOrReadingRules_then403() {
        assertThat(api.post("/v1/decisions", Api.RECORDER, SeedStory.decisionRequest("WEB")).status()).isEqualTo(403);
        assertThat(api.get("/v1/customers/C-1001/context", Api.RECORDER).status()).isEqualTo(403);
        assertThat(api.get("/v1/rules", Api.RECORDER).status()).isEqualTo(403);
    }

    @Test
    void givenAnAnalystKey_whenReadingRules_thenAllowedButReloadIsAdminOnly() {
        assertThat(api.get("/v1/rules", Api.ANALYST).status()).isEqualTo(200);
        assertThat(api.post("/v1/decisions", Api.ANALYST, SeedStory.decisionRequest("WEB")).status()).isEqualTo(403);
        assertThat(api.post("/v1/rules/reload", Api.ANALYST, "").status()).isEqualTo(403);
        assertThat(api.post("/v1/rules/reload", Api.ADMIN, "").status()).isEqualTo(200);
    }

    @Test
    void givenAnAdminKey_whenCallingAnything_thenAllowed() {
        assertThat(api.put("/v1/customers/C-1001", Api.ADMIN, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(200);
        assertThat(api.post("/v1/events", Api.ADMIN, SURVEY).status()).isEqualTo(200);
        assertThat(api.post("/v1/decisions", Api.ADMIN, SeedStory.decisionRequest("WEB")).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers/C-1001/context", Api.ADMIN).status()).isEqualTo(200);
    }

    @Test
    void givenNoKey_whenAskingHealthReadinessOrTheApiDocument_thenAnsweredAndAnAdminReadsTheMetrics() throws IOException {
        assertThat(api.get("/health", null).status()).isEqualTo(200);
        assertThat(api.get("/health/readiness", null).status()).isEqualTo(200);
        assertThat(api.get("/health/liveness", null).status()).isEqualTo(200);
        assertThat(api.get("/health", null).body()).doesNotContain("C-1001");
        assertThat(api.get("/openapi.yml", null).body()).contains("/v1/decisions");
        assertThat(api.post("/v1/decisions", Api.CHANNEL, "{\"context\": " + Files.readString(
                SeedStory.seedCustomerFile()) + ", \"channel\": \"WEB\", \"asOf\": \"" + SeedStory.DECIDE_AT
                + "\"}").status()).isEqualTo(200);
        Api.Reply metrics = api.get("/prometheus", Api.ADMIN);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("chorus_decision_latency_seconds_bucket")
                .contains("chorus_decision_latency_recent_seconds{quantile=\"0.99\"}")
                .contains("chorus_decisions_total{channel=\"WEB\"}")
                .contains("chorus_decision_actions_total")
                .contains("chorus_rule_firings_total")
                .contains("chorus_rules_reloads_total");
    }
}
