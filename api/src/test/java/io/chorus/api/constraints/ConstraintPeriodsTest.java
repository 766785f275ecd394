package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.FixtureCustomer;
import io.chorus.api.support.RuleSetFolder;
import io.chorus.api.support.StoreRefusal;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.chorus.api.constraints.RetentionOffers.constraint;
import static io.chorus.api.constraints.RetentionOffers.offered;

import java.sql.SQLException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Volume constraints count per period of the decision's {@code asOf} (UTC): a day's letters and a week's emails
 * start again from nothing when the next day or week begins, previews never count, and a decision that cannot be
 * recorded gives back what it took. An action held back leaves its place to what comes next. Each test decides on dates of its own, so they share no counter.
 */
@MicronautTest(transactional = false)
class ConstraintPeriodsTest extends ApiTestBase {
    /** Tom Hargreaves' contract ends on 30 June 2026: in May the rules offer him a retention deal. */
    private static final String TOM = "tom-hargreaves";
    private static final String CONSTRAINTS = """
            constraints:
              # Two retention letters a day.
              - name: retention-letters
                channel: LETTER
                type: RETENTION_OFFER
                period: DAY
                limit: 2
              # Two retention emails a week.
              - name: retention-emails
                channel: EMAIL
                type: RETENTION_OFFER
                period: WEEK
                limit: 2
              # The retention desk can take one offer call a day.
              - name: retention-calls
                channel: CALL_CENTER
                type: RETENTION_OFFER
                period: DAY
                limit: 1
            """;

    @BeforeAll
    void twoRetentionLettersADayAndTwoEmailsAWeek() {
        deploy(RuleSetFolder.withConstraints(CONSTRAINTS));
    }

    private JsonNode decide(String customerId, String channel, String asOf, boolean preview) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, FixtureCustomer.decisionRequest(
                FixtureCustomer.as(TOM, customerId), channel, Instant.parse(asOf), preview));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }


    private static JsonNode heldBack(JsonNode decision) {
        assertThat(offered(decision)).as("the offer is shown: %s", decision).isFalse();
        for (JsonNode s : decision.get("suppressed")) {
            if (s.get("type").asText().equals("RETENTION_OFFER") && s.get("blockedBy").asText().startsWith("constraint:")) {
                return s;
            }
        }
        throw new AssertionError("no retention offer held back by a constraint: " + decision);
    }

    @Test
    void theDaysLettersAreCountedAfreshAtMidnightUtc() {
        assertThat(offered(decide("C-1004-D1", "LETTER", "2026-05-20T00:00:00Z", false))).isTrue();
        assertThat(offered(decide("C-1004-D2", "LETTER", "2026-05-20T10:00:00Z", false))).isTrue();

        JsonNode lastSecond = heldBack(decide("C-1004-D3", "LETTER", "2026-05-20T23:59:59Z", false));
        assertThat(lastSecond.get("blockedBy").asText()).isEqualTo("constraint:retention-letters");
        assertThat(lastSecond.get("reason").asText()).isEqualTo(
                "The retention-letters limit (2 a day) is used up for the day starting 2026-05-20.");

        assertThat(offered(decide("C-1004-D4", "LETTER", "2026-05-21T00:00:00Z", false)))
                .as("a new day has its own two letters").isTrue();
        assertThat(offered(decide("C-1004-D5", "LETTER", "2026-05-21T09:00:00Z", false))).isTrue();
        assertThat(heldBack(decide("C-1004-D6", "LETTER", "2026-05-21T17:00:00Z", false)).get("reason").asText())
                .endsWith("for the day starting 2026-05-21.");
    }

    @Test
    void theWeeksEmailsAreCountedAfreshOnMondayUtc() {
        // 18 May 2026 is a Monday; Sunday the 24th is the last day of its week.
        assertThat(offered(decide("C-1004-W1", "EMAIL", "2026-05-18T00:00:00Z", false))).isTrue();
        assertThat(offered(decide("C-1004-W2", "EMAIL", "2026-05-20T10:00:00Z", false))).isTrue();

        JsonNode sunday = heldBack(decide("C-1004-W3", "EMAIL", "2026-05-24T23:59:59Z", false));
        assertThat(sunday.get("blockedBy").asText()).isEqualTo("constraint:retention-emails");
        assertThat(sunday.get("reason").asText()).isEqualTo(
                "The retention-emails limit (2 a week) is used up for the week starting 2026-05-18.");

        assertThat(offered(decide("C-1004-W4", "EMAIL", "2026-05-25T00:00:00Z", false)))
                .as("Monday starts a week with its own two emails").isTrue();
    }

    @Test
    void aCallWhoseOfferIsHeldBackShowsWhatComesNext() {
        JsonNode first = decide("C-1004-C1", "CALL_CENTER", "2026-05-14T09:00:00Z", false);
        assertThat(first.get("actions").findValuesAsText("key")).containsExactly("retention:CONSUMER_LOYALTY_15");

        JsonNode second = decide("C-1004-C2", "CALL_CENTER", "2026-05-14T09:05:00Z", false);
        assertThat(heldBack(second).get("blockedBy").asText()).isEqualTo("constraint:retention-calls");
        assertThat(second.get("actions").findValuesAsText("key"))
                .as("with the offer held back, the agent still has something to say").containsExactly("fallback:check-in");
    }

    @Test
    void previewsNeverCount() {
        for (int n = 1; n <= 5; n++) {
            assertThat(offered(decide("C-1004-P" + n, "LETTER", "2026-05-12T10:00:00Z", true))).isTrue();
        }
        assertThat(offered(decide("C-1004-P6", "LETTER", "2026-05-12T11:00:00Z", false)))
                .as("five previews took none of the day's two letters").isTrue();
        assertThat(offered(decide("C-1004-P7", "LETTER", "2026-05-12T12:00:00Z", false))).isTrue();

        assertThat(heldBack(decide("C-1004-P8", "LETTER", "2026-05-12T13:00:00Z", true)).get("blockedBy").asText())
                .as("a preview sees what is left like any decision").isEqualTo("constraint:retention-letters");
        assertThat(offered(decide("C-1004-P9", "LETTER", "2026-05-12T14:00:00Z", false))).isFalse();
    }

    @Test
    void aDecisionThatCannotBeRecordedGivesItsLetterBack() throws SQLException {
        StoreRefusal.refuseDecisionsOf(database, "C-1004-X");
        Api.Reply refused = api.post("/v1/decisions", Api.CHANNEL, FixtureCustomer.decisionRequest(
                FixtureCustomer.as(TOM, "C-1004-X"), "LETTER", Instant.parse("2026-05-13T09:00:00Z"), false));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(500);

        assertThat(offered(decide("C-1004-X1", "LETTER", "2026-05-13T10:00:00Z", false)))
                .as("the refused decision's letter went back").isTrue();
        assertThat(offered(decide("C-1004-X2", "LETTER", "2026-05-13T11:00:00Z", false))).isTrue();
        assertThat(offered(decide("C-1004-X3", "LETTER", "2026-05-13T12:00:00Z", false))).isFalse();
    }
}
