package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.FixtureCustomer;
import io.chorus.api.support.RuleSetFolder;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.chorus.api.constraints.RetentionOffers.constraint;
import static io.chorus.api.constraints.RetentionOffers.offered;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A budget counts money, exactly: three retention letters at 1.10 postage fill a day's 3.30 to the penny, and the
 * fourth is held back. GET /v1/constraints shows analysts each constraint's period, limit, use and what is left
 * today.
 */
@MicronautTest(transactional = false)
class ConstraintBudgetTest extends ApiTestBase {
    private static final String POSTAGE = """
              # Postage for retention letters: 1.10 a letter, 3.30 a day.
              - name: retention-letter-postage
                channel: LETTER
                type: RETENTION_OFFER
                period: DAY
                cost: 1.10
                budget: 3.30
            """;

    @BeforeAll
    void theProductionConstraintsAndADayOfPostage() {
        deploy(RuleSetFolder.defaultRules()
                .change("constraints.yaml", production -> production + POSTAGE));
    }

    /** Tom Hargreaves, his contract ending in six weeks' time, as of now, under another id. */
    private JsonNode letterToATom(String customerId, Instant now) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, FixtureCustomer.decisionRequest(
                FixtureCustomer.movedTo(FixtureCustomer.as("tom-hargreaves", customerId), now), "LETTER", now, false));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }



    @Test
    void threeLettersAtOneTenFillABudgetOfThreeThirtyToThePenny() {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        assertThat(offered(letterToATom("C-1004-B1", now))).isTrue();
        JsonNode afterOne = constraint(api, "retention-letter-postage");
        assertThat(afterOne.get("used").decimalValue()).isEqualByComparingTo("1.10");
        assertThat(afterOne.get("remaining").decimalValue()).isEqualByComparingTo("2.20");

        // Summed as doubles, 1.1 + 1.1 + 1.1 is 3.3000000000000003: more than the budget.
        assertThat(offered(letterToATom("C-1004-B2", now))).isTrue();
        assertThat(offered(letterToATom("C-1004-B3", now))).as("the third letter fits the budget exactly").isTrue();
        JsonNode spent = constraint(api, "retention-letter-postage");
        assertThat(spent.get("limit").decimalValue()).isEqualByComparingTo("3.30");
        assertThat(spent.get("used").decimalValue()).isEqualByComparingTo("3.30");
        assertThat(spent.get("remaining").decimalValue()).isEqualByComparingTo("0");
        JsonNode letters = constraint(api, "retention-letters");
        assertThat(letters.get("used").isIntegralNumber() && letters.get("used").asInt() == 3)
                .as("the same letters count against the count of letters too, as a whole number: %s", letters).isTrue();
        assertThat(letters.get("remaining").isIntegralNumber() && letters.get("remaining").asInt() == 397)
                .as("%s", letters).isTrue();

        JsonNode fourth = letterToATom("C-1004-B4", now);
        assertThat(offered(fourth)).isFalse();
        List<String> reasons = new ArrayList<>();
        for (JsonNode s : fourth.get("suppressed")) {
            if (s.get("blockedBy").asText().equals("constraint:retention-letter-postage")) {
                reasons.add(s.get("reason").asText());
            }
        }
        assertThat(reasons).containsExactly("The retention-letter-postage limit (a budget of 3.30 a day at 1.10 an action)"
                + " is used up for the day starting " + LocalDate.ofInstant(now, ZoneOffset.UTC) + ".");
        assertThat(constraint(api, "retention-letter-postage").get("used").decimalValue()).isEqualByComparingTo("3.30");
        assertThat(constraint(api, "retention-letters").get("used").decimalValue())
                .as("a letter held back by its postage is not counted as sent").isEqualByComparingTo("3");
    }

    @Test
    void analystsSeeEachConstraintWithItsPeriodLimitUseAndWhatIsLeftToday() {
        LocalDate today = LocalDate.ofInstant(FixtureCustomer.nowWellInsideTheDay(), ZoneOffset.UTC);
        Api.Reply reply = api.get("/v1/constraints", Api.ANALYST);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode all = reply.json();
        assertThat(all.findValuesAsText("name")).as("in the file's order").containsExactly("retention-letters",
                "detractor-call-backs", "business-account-reviews", "retention-letter-postage");
        for (JsonNode c : all) {
            assertThat(c.has("name") && c.has("period") && c.has("periodStart") && c.has("limit") && c.has("used")
                    && c.has("remaining")).as(c.toString()).isTrue();
        }

        // Nothing in this class counts call-backs or business reviews.
        JsonNode callBacks = constraint(api, "detractor-call-backs");
        assertThat(callBacks.get("period").asText()).isEqualTo("DAY");
        assertThat(callBacks.get("periodStart").asText()).isEqualTo(today.toString());
        assertThat(callBacks.get("limit").decimalValue()).isEqualByComparingTo("250");
        assertThat(callBacks.get("used").decimalValue()).isEqualByComparingTo("0");
        assertThat(callBacks.get("remaining").decimalValue()).isEqualByComparingTo("250");

        JsonNode reviews = constraint(api, "business-account-reviews");
        assertThat(reviews.get("period").asText()).isEqualTo("WEEK");
        assertThat(reviews.get("periodStart").asText())
                .isEqualTo(today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString());
        assertThat(reviews.get("limit").decimalValue()).isEqualByComparingTo("7000.00");
        assertThat(reviews.get("used").decimalValue()).isEqualByComparingTo("0");
        assertThat(reviews.get("remaining").decimalValue()).isEqualByComparingTo("7000.00");
    }

    @Test
    void onlyAnalystsAndAdminsReadTheConstraints() {
        assertThat(api.get("/v1/constraints", null).status()).isEqualTo(401);
        assertThat(api.get("/v1/constraints", Api.CHANNEL).status()).isEqualTo(403);
        assertThat(api.get("/v1/constraints", Api.RECORDER).status()).isEqualTo(403);
        assertThat(api.get("/v1/constraints", Api.ANALYST).status()).isEqualTo(200);
        assertThat(api.get("/v1/constraints", Api.ADMIN).status()).isEqualTo(200);
    }
}
