package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.chorus.api.constraints.RetentionOffers.constraint;
import static io.chorus.api.constraints.RetentionOffers.offered;
import static io.chorus.api.constraints.RetentionOffers.retentionLettersADay;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A limit across customers holds exactly under concurrency: with ten retention letters left today and fifty
 * customers decided at once, exactly ten letters carry the offer and forty say which limit held them back.
 */
@MicronautTest(transactional = false)
class VolumeConstraintsTest extends ApiTestBase {

    @BeforeAll
    void onlyTenRetentionLettersADay() {
        deploy(retentionLettersADay(10));
    }

    /** A long-standing customer who asked to cancel two days ago: the rules propose a retention letter. */
    private static String letterFor(int n, boolean preview) {
        Instant asked = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        return """
                {"channel": "LETTER", "preview": %2$s,
                 "context": {"customerId": "C-88%1$03d", "segment": "CONSUMER", "consents": {"LETTER": true},
                   "accounts": [{"accountId": "CA-88%1$03d", "status": "ACTIVE", "openedAt": "2015-01-01"}],
                   "accountEvents": [{"type": "CANCELLATION_REQUESTED", "at": "%3$s", "accountId": "CA-88%1$03d"}]}}
                """.formatted(n, preview, asked);
    }


    @Test
    void fiftySimultaneousLettersAgainstTenLeftShowExactlyTen() throws Exception {
        List<Future<JsonNode>> answers = new ArrayList<>();
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            for (int n = 0; n < 50; n++) {
                int customer = n;
                answers.add(callers.submit(() -> {
                    Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, letterFor(customer, false));
                    assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
                    return reply.json();
                }));
            }
            int shown = 0;
            int heldBack = 0;
            for (Future<JsonNode> answer : answers) {
                JsonNode decision = answer.get();
                if (offered(decision)) {
                    shown++;
                } else {
                    heldBack++;
                    assertThat(decision.get("suppressed")).anySatisfy(s -> {
                        assertThat(s.get("blockedBy").asText()).isEqualTo("constraint:retention-letters");
                        assertThat(s.get("reason").asText()).contains("10 a day");
                    });
                }
            }
            assertThat(shown).isEqualTo(10);
            assertThat(heldBack).isEqualTo(40);
        } finally {
            callers.shutdownNow();
        }

        JsonNode letters = null;
        for (JsonNode c : api.get("/v1/constraints", Api.ANALYST).json()) {
            if (c.get("name").asText().equals("retention-letters")) {
                letters = c;
            }
        }
        assertThat(letters).isNotNull();
        assertThat(letters.get("used").decimalValue()).isEqualByComparingTo("10");
        assertThat(letters.get("remaining").decimalValue()).isEqualByComparingTo("0");
        assertThat(letters.get("period").asText()).isEqualTo("DAY");

        JsonNode preview = api.post("/v1/decisions", Api.CHANNEL, letterFor(99, true)).json();
        assertThat(offered(preview)).as("nothing is left today, and a preview shows that").isFalse();
        assertThat(api.get("/v1/constraints", Api.CHANNEL).status()).isEqualTo(403);

        // The instance now knows the day's letters are gone: the next letter is held back from the start, and the
        // decision records that it was decided on none left, so its replay holds it back the same way.
        JsonNode late = api.post("/v1/decisions", Api.CHANNEL, letterFor(98, false)).json();
        assertThat(offered(late)).isFalse();
        assertThat(late.get("suppressed").findValuesAsText("blockedBy")).contains("constraint:retention-letters");
        String id = late.get("decisionId").asText();
        Api.Reply replay = api.post("/v1/decisions/" + id + "/replay", Api.ANALYST, "");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("identical").asBoolean()).as(replay.toString()).isTrue();
        assertThat(api.get("/v1/constraints", Api.ANALYST).json().findValuesAsText("used"))
                .as("a letter held back takes nothing").contains("10");
    }
}
