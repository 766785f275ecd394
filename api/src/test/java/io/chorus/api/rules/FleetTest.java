package io.chorus.api.rules;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.RuleSetFolder;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Two instances on one store: a version activated on either serves on both within the contract's 10 seconds. */
@MicronautTest
class FleetTest extends ApiTestBase {
    private static final Duration CONVERGES_WITHIN = Duration.ofSeconds(10);

    private EmbeddedServer second;
    private Api other;

    @BeforeAll
    void startASecondInstanceServingFromTheStore() {
        second = ApplicationContext.run(EmbeddedServer.class, Map.of("datasources.default.url", database,
                "chorus.rules.source", "STORE", "chorus.rules.store-poll-interval", "2s"), "test");
        other = new Api(second.getURI());
    }

    @AfterAll
    void stopTheSecondInstance() {
        second.close();
    }

    private static String serving(Api instance) {
        return instance.get("/v1/rules", Api.ANALYST).json().get("version").asText();
    }

    private static Duration untilServing(Api instance, String version) throws InterruptedException {
        Instant start = Instant.now();
        while (!serving(instance).equals(version)
                && Duration.between(start, Instant.now()).compareTo(CONVERGES_WITHIN.plusSeconds(5)) < 0) {
            Thread.sleep(100);
        }
        assertThat(serving(instance)).isEqualTo(version);
        return Duration.between(start, Instant.now());
    }

    @Test
    void anActivationOnEitherInstanceServesOnBoth() throws InterruptedException {
        String original = serving(api);
        assertThat(serving(other)).as("a store instance starts on the active version").isEqualTo(original);

        String reworded = api.post("/v1/rule-sets", Api.ADMIN, RuleSetFolder.withReworded().deployRequest(true))
                .json().get("version").asText();
        assertThat(serving(api)).isEqualTo(reworded);
        assertThat(untilServing(other, reworded)).isLessThan(CONVERGES_WITHIN);

        assertThat(other.post("/v1/rule-sets/" + original + "/activate", Api.ADMIN, "").status()).isEqualTo(200);
        assertThat(serving(other)).isEqualTo(original);
        assertThat(untilServing(api, original)).isLessThan(CONVERGES_WITHIN);
    }
}
