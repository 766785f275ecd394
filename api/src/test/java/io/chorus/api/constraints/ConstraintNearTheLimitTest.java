package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static io.chorus.api.constraints.RetentionOffers.constraint;
import static io.chorus.api.constraints.RetentionOffers.offered;
import static io.chorus.api.constraints.RetentionOffers.retentionLettersADay;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Near a limit (three retention letters a day: too few to lease) a letter takes its unit straight from the store as
 * it was decided: it stands as made, records the room it was made on, and replays identically; once the room is
 * gone the next letter is decided again on what is left and held back.
 */
@MicronautTest(transactional = false)
class ConstraintNearTheLimitTest extends ApiTestBase {

    @BeforeAll
    void threeRetentionLettersADay() {
        deploy(retentionLettersADay(3));
    }

    /** A long-standing customer who asked to cancel two days ago: the rules propose a retention letter. */
    private static String letterFor(int n) {
        Instant asked = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        return """
                {"channel": "LETTER",
                 "context": {"customerId": "C-77%1$03d", "segment": "CONSUMER", "consents": {"LETTER": true},
                   "accounts": [{"accountId": "CA-77%1$03d", "status": "ACTIVE", "openedAt": "2015-01-01"}],
                   "accountEvents": [{"type": "CANCELLATION_REQUESTED", "at": "%2$s", "accountId": "CA-77%1$03d"}]}}
                """.formatted(n, asked);
    }

    private JsonNode decide(int n) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, letterFor(n));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    private void replaysIdentically(JsonNode decision) {
        Api.Reply replay = api.post("/v1/decisions/" + decision.get("decisionId").asText() + "/replay", Api.ANALYST, "");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("identical").asBoolean()).as(replay.toString()).isTrue();
    }

    /** What the audit says the decision had left of the limit when it was made. */
    private JsonNode audit(JsonNode decision) {
        Api.Reply read = api.get("/v1/decisions/" + decision.get("decisionId").asText(), Api.CHANNEL);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        return read.json();
    }

    private java.math.BigDecimal roomRecorded(JsonNode decision) {
        return audit(decision).path("outsideFacts").path("remaining").path("retention-letters").decimalValue();
    }

    @Test
    void theLastLettersStandAsDecidedAndTheNextIsHeldBack() {
        for (int n = 1; n <= 3; n++) {
            JsonNode letter = decide(n);
            assertThat(offered(letter)).as("letter %d of 3", n).isTrue();
            replaysIdentically(letter);
            assertThat(roomRecorded(letter)).as("the room letter %d was decided on", n)
                    .isEqualByComparingTo(String.valueOf(4 - n));
            assertThat(constraint(api, "retention-letters").get("used").decimalValue())
                    .isEqualByComparingTo(String.valueOf(n));
        }

        JsonNode fourth = decide(4);
        assertThat(offered(fourth)).isFalse();
        assertThat(fourth.get("suppressed").findValuesAsText("blockedBy")).contains("constraint:retention-letters");
        replaysIdentically(fourth);
        assertThat(roomRecorded(fourth)).as("held back on none left").isEqualByComparingTo("0");
        JsonNode letters = constraint(api, "retention-letters");
        assertThat(letters.get("used").decimalValue()).as("a letter held back takes nothing").isEqualByComparingTo("3");
        assertThat(letters.get("remaining").decimalValue()).isEqualByComparingTo("0");
    }
}
