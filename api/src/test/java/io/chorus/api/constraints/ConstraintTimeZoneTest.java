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
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A deployment in New Zealand counts its constraints' days and weeks from midnight in Auckland (UTC+12 in May),
 * not from midnight UTC: at 12:00 UTC on Sunday 17 May 2026 it is already Monday there, and a new week.
 */
@MicronautTest(transactional = false)
class ConstraintTimeZoneTest extends ApiTestBase {
    private static final ZoneId AUCKLAND = ZoneId.of("Pacific/Auckland");
    private static final String CONSTRAINTS = """
            constraints:
              - name: retention-letters
                channel: LETTER
                type: RETENTION_OFFER
                period: DAY
                limit: 1
              - name: retention-emails
                channel: EMAIL
                type: RETENTION_OFFER
                period: WEEK
                limit: 1
            """;

    @Override
    protected Map<String, String> moreProperties() {
        return Map.of("chorus.constraints.time-zone", AUCKLAND.getId());
    }

    @BeforeAll
    void oneLetterADayAndOneEmailAWeek() {
        deploy(RuleSetFolder.withConstraints(CONSTRAINTS));
    }

    /** Tom Hargreaves, whose contract ends on 30 June 2026, under another id. */
    private JsonNode decide(String customerId, String channel, String asOf) {
        Api.Reply reply = api.post("/v1/decisions", Api.CHANNEL, FixtureCustomer.decisionRequest(
                FixtureCustomer.as("tom-hargreaves", customerId), channel, Instant.parse(asOf), false));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }


    private static String heldBackBecause(JsonNode decision) {
        assertThat(offered(decision)).as("the offer is shown: %s", decision).isFalse();
        return decision.get("suppressed").findValuesAsText("reason").get(0);
    }

    @Test
    void aTimeZoneThatDoesNotExistStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> new VolumeLimits(null, "Mars/Olympus"))
                .isInstanceOf(io.micronaut.context.exceptions.ConfigurationException.class)
                .hasMessageContaining("chorus.constraints.time-zone").hasMessageContaining("\"Mars/Olympus\"");
    }

    @Test
    void aDayStartsAtMidnightInTheConfiguredZone() {
        assertThat(offered(decide("C-1004-NZ-D1", "LETTER", "2026-05-20T11:00:00Z"))).as("23:00 on the 20th").isTrue();
        assertThat(heldBackBecause(decide("C-1004-NZ-D2", "LETTER", "2026-05-20T11:59:59Z")))
                .isEqualTo("The retention-letters limit (1 a day) is used up for the day starting 2026-05-20.");
        assertThat(offered(decide("C-1004-NZ-D3", "LETTER", "2026-05-20T12:00:00Z")))
                .as("midnight in Auckland: the 21st has its own letter").isTrue();
    }

    @Test
    void aWeekStartsOnMondayInTheConfiguredZoneAndReplaysSo() {
        assertThat(offered(decide("C-1004-NZ-W1", "EMAIL", "2026-05-17T11:00:00Z"))).as("Sunday 23:00").isTrue();
        assertThat(heldBackBecause(decide("C-1004-NZ-W2", "EMAIL", "2026-05-17T11:59:59Z")))
                .isEqualTo("The retention-emails limit (1 a week) is used up for the week starting 2026-05-11.");
        assertThat(offered(decide("C-1004-NZ-W3", "EMAIL", "2026-05-17T12:00:00Z")))
                .as("Monday 00:00 in Auckland: a new week's email").isTrue();

        JsonNode mondayMorning = decide("C-1004-NZ-W4", "EMAIL", "2026-05-17T20:00:00Z");
        assertThat(heldBackBecause(mondayMorning))
                .isEqualTo("The retention-emails limit (1 a week) is used up for the week starting 2026-05-18.");
        Api.Reply replay = api.post("/v1/decisions/" + mondayMorning.get("decisionId").asText() + "/replay",
                Api.ANALYST, "");
        assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
        assertThat(replay.json().get("identical").asBoolean()).as(replay.toString()).isTrue();
    }

    @Test
    void analystsSeeTheCurrentPeriodsInTheConfiguredZone() {
        LocalDate today = LocalDate.now(AUCKLAND);
        Map<String, String> starts = new java.util.HashMap<>();
        for (JsonNode c : api.get("/v1/constraints", Api.ANALYST).json()) {
            starts.put(c.get("name").asText(), c.get("periodStart").asText());
        }
        assertThat(starts).containsExactlyInAnyOrderEntriesOf(Map.of(
                "retention-letters", today.toString(),
                "retention-emails", today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString()));
    }
}
