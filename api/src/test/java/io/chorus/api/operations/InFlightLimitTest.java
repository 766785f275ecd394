package io.chorus.api.operations;

import io.chorus.api.support.Api;
import io.chorus.api.support.ProxiedStoreTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An instance takes at most {@code chorus.server.max-in-flight} API requests at once (two here). With the store
 * frozen, two decisions wait on it; a third caller is told 503 "Too busy" with Retry-After at once instead of
 * queueing behind them, health still answers, and once the store is back every permit has been given back.
 */
@MicronautTest
class InFlightLimitTest extends ProxiedStoreTestBase {
    @Inject
    InFlightLimit limit;

    @Override
    protected java.util.Map<String, String> moreProperties() {
        return java.util.Map.of("chorus.server.max-in-flight", "2");
    }

    @Test
    void aThirdCallerIsToldAtOnceToRetryWhileTwoRequestsWaitOnAFrozenStore() throws Exception {
        assertThat(api.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);

        proxy.freeze();
        List<CompletableFuture<Api.Reply>> waiting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            waiting.add(CompletableFuture.supplyAsync(
                    () -> api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB"))));
        }
        Thread.sleep(1_000); // both admitted and waiting on the store

        long started = System.nanoTime();
        HttpResponse<String> third = api.raw(api.request("/v1/decisions", Api.CHANNEL)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(SeedStory.recordedDecisionRequest("STORE"))));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(third.statusCode()).as(third.body()).isEqualTo(503);
        assertThat(third.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(third.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(third.body()).contains("Too busy");
        assertThat(took).as("told at once, not after the store's timeouts").isLessThan(Duration.ofSeconds(2));
        assertThat(api.get("/health/liveness", null).status()).as("health is outside the limit").isEqualTo(200);
        assertThat(api.get("/prometheus", Api.ADMIN).body()).as("an operator sees requests shed")
                .contains("chorus_requests_shed_total 1.0");

        proxy.thaw();
        for (CompletableFuture<Api.Reply> call : waiting) {
            assertThat(call.get().status()).as("a waiting decision ends, answered or 503").isIn(200, 503);
        }
        for (int i = 0; i < 5; i++) {
            Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB"));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (limit.inFlight() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(20); // a permit is given back just after the answer is written
        }
        assertThat(limit.inFlight()).as("every permit given back, the shed request's included").isZero();
    }
}
