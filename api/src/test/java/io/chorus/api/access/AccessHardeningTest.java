package io.chorus.api.access;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Around the keys: a key that sends more than its rate is told 429 and when to come back, without slowing the
 * others; answers carry no-store and the usual hardening headers; no other origin may call the API from a browser.
 */
@MicronautTest
class AccessHardeningTest extends ApiTestBase {

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("chorus.access.rate-limit-per-second", "2", "chorus.access.rate-limit-burst", "5");
    }

    @BeforeAll
    void storeTheSeedCustomer() {
        assertThat(new Api(server.getURI()).put("/v1/customers/C-1001", Api.RECORDER,
                SeedStory.PROFILE_BEFORE_RENEWAL).status()).isEqualTo(201);
    }

    @Test
    void aKeyOverItsRateIsAnswered429WithRetryAfterWhileOtherKeysCarryOn() {
        int tooMany = 0;
        Api.Reply limited = null;
        for (int i = 0; i < 12; i++) {
            Api.Reply reply = api.get("/v1/customers/C-1001/context", Api.CHANNEL);
            if (reply.status() == 429) {
                tooMany++;
                limited = reply;
            }
        }

        assertThat(tooMany).isGreaterThanOrEqualTo(5);
        assertThat(limited.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/v1/rules", Api.ANALYST).status()).as("another key").isEqualTo(200);
    }

    @Test
    void customerDataIsNeverCachedAndAnswersCarryTheHardeningHeaders() throws Exception {
        HttpResponse<String> context = send(HttpRequest.newBuilder(server.getURI().resolve("/v1/customers/C-1001/context"))
                .header("Authorization", "Bearer " + Api.ADMIN).GET());
        HttpResponse<String> health = send(HttpRequest.newBuilder(server.getURI().resolve("/health")).GET());

        for (HttpResponse<String> answer : new HttpResponse[]{context, health}) {
            assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).contains("DENY");
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                    csp -> assertThat(csp).contains("default-src 'none'"));
        }
    }

    @Test
    void noOtherOriginMayCallTheApiFromABrowser() throws Exception {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(server.getURI().resolve("/v1/decisions"))
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> simple = send(HttpRequest.newBuilder(server.getURI().resolve("/v1/rules"))
                .header("Origin", "https://evil.example").header("Authorization", "Bearer " + Api.ADMIN).GET());

        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(simple.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
