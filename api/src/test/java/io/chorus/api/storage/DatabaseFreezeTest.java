package io.chorus.api.storage;

import io.chorus.api.support.Api;
import io.chorus.api.support.ProxiedStoreTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network to the database freezes (a partition: connections stay open, nothing gets through). Every request
 * that needs the store is a 503 within seconds, those already waiting included, never a request that hangs for
 * the length of the freeze; when the network thaws the service carries on without a restart.
 */
@MicronautTest
class DatabaseFreezeTest extends ProxiedStoreTestBase {
    /** Pool 2s + statement 5s + socket 6s are the bounds; on two shared cores allow some slack. */
    private static final Duration FEW_SECONDS = Duration.ofSeconds(12);


    @Test
    void givenTheNetworkToTheDatabaseFreezes_thenEveryCallerGets503WithinSeconds_andTheServiceCarriesOnAfter() {
        assertThat(api.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
        String decisionId = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("STORE"))
                .json().get("decisionId").asText();

        proxy.freeze();
        List<CompletableFuture<Timed>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(timed(() -> api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB"))));
            calls.add(timed(() -> api.post("/v1/events", Api.RECORDER, SeedStory.EVENTS.get(0))));
            calls.add(timed(() -> api.get("/v1/customers/C-1001/context", Api.CHANNEL)));
            calls.add(timed(() -> api.get("/v1/customers?identifier=SOCIAL:samrivers", Api.CHANNEL)));
            calls.add(timed(() -> api.post("/v1/decisions/" + decisionId + "/outcomes", Api.CHANNEL,
                    "{\"actionId\": \"A-1\", \"outcome\": \"ACCEPTED\"}")));
            calls.add(timed(() -> api.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL)));
        }
        Timed readiness = timed(() -> api.get("/health/readiness", null)).join();

        for (CompletableFuture<Timed> call : calls) {
            Timed answered = call.join();
            assertThat(answered.reply().status()).as(answered.toString()).isEqualTo(503);
            assertThat(answered.reply().contentType()).startsWith("application/problem+json");
            assertThat(answered.took()).as(answered.toString()).isLessThan(FEW_SECONDS);
        }
        assertThat(readiness.reply().status()).isEqualTo(503);
        assertThat(readiness.took()).isLessThan(FEW_SECONDS);
        assertThat(api.get("/health/liveness", null).status()).isEqualTo(200);

        proxy.thaw();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 200) {
            status = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB")).status();
        }
        assertThat(status).as("decisions served again after the network thawed").isEqualTo(200);
        assertThat(api.get("/health/readiness", null).status()).isEqualTo(200);
    }

    private record Timed(Api.Reply reply, Duration took) {
        @Override
        public String toString() {
            return took.toMillis() + " ms: " + reply;
        }
    }

    private static CompletableFuture<Timed> timed(Supplier<Api.Reply> call) {
        return CompletableFuture.supplyAsync(() -> {
            long started = System.nanoTime();
            Api.Reply reply = call.get();
            return new Timed(reply, Duration.ofNanos(System.nanoTime() - started));
        }, runnable -> new Thread(runnable, "frozen-caller").start());
    }
}
