package io.chorus.api.storage;

import io.chorus.api.support.Api;
import io.chorus.api.support.ProxiedStoreTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away: callers get a 503 they can retry, readiness says DOWN (take the instance out of the load
 * balancer), liveness stays UP (do not restart it); it comes back: the service recovers, no restart.
 */
@MicronautTest
class DatabaseOutageTest extends ProxiedStoreTestBase {

    @Test
    void givenTheDatabaseGoesAwayAndComesBack_thenCallersGet503ThenServiceWithoutARestart() {
        assertThat(api.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB")).status()).isEqualTo(200);

        proxy.stop();

        Api.Reply decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB"));
        assertThat(decision.status()).as(decision.toString()).isEqualTo(503);
        assertThat(decision.contentType()).startsWith("application/problem+json");
        Api.Reply event = api.post("/v1/events", Api.RECORDER, SeedStory.EVENTS.get(0));
        assertThat(event.status()).as(event.toString()).isEqualTo(503);
        assertThat(api.get("/v1/customers/C-1001/context", Api.CHANNEL).status()).isEqualTo(503);
        assertThat(api.get("/health/readiness", null).status()).isEqualTo(503);
        Api.Reply liveness = api.get("/health/liveness", null);
        assertThat(liveness.status()).as("the process is alive: restarting it would not bring the database back")
                .isEqualTo(200);
        assertThat(liveness.body()).contains("UP");
        assertThat(api.post("/v1/decisions", Api.CHANNEL, "{\"channel\": \"NOPE\"}").status())
                .as("bad input is still a 400, database or not").isEqualTo(400);

        proxy.start();

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int status = 0;
        while (Instant.now().isBefore(deadline) && status != 200) {
            status = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB")).status();
        }
        assertThat(status).as("decisions served again after the database came back").isEqualTo(200);
        assertThat(api.post("/v1/events", Api.RECORDER, SeedStory.EVENTS.get(0)).status()).isEqualTo(200);
        assertThat(api.get("/health/readiness", null).status()).isEqualTo(200);
    }
}
