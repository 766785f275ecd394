package io.chorus.api.decisions;

import io.chorus.api.customers.CustomerRow;
import io.chorus.api.customers.CustomerStore;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A send adds its contacts to the customer's context as its decision saw it, written only where the store still holds
 * that version; where the context changed meanwhile (an event between the decision and its record) it is read
 * again, so neither the event nor the contact is lost. The recorder writes a batch in one statement where the
 * contexts are as seen, and leaves a send whose customer's context changed, whole, to a transaction that reads it.
 */
@MicronautTest(transactional = false)
class SendsOnAChangingContextTest extends ApiTestBase {
    private static final Instant SENT_AT = Instant.parse("2026-05-20T10:00:00Z");

    @Inject
    DecisionWriter writer;

    @Inject
    CustomerStore customers;

    @Inject
    DecisionStore decisions;

    @BeforeEach
    void samAsBeforeTheRenewal() {
        assertThat(api.put("/v1/customers/C-1001", Api.ADMIN, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isIn(200, 201);
    }

    private static DecisionRow letterDecidedOn(CustomerRow seen, String decisionId) {
        ContactRecord letter = new ContactRecord(decisionId, "A-" + decisionId, ActionType.CREDIT, Channel.LETTER,
                SENT_AT, ContactOutcome.SENT, "removed-line-charges", "Credit 12.50 billed for removed lines");
        return new DecisionRow(decisionId, "C-1001", true, "LETTER", SENT_AT, "sha256:test", "CHAMPION", 5,
                seen.contextJson(), "{\"actions\": []}".getBytes(StandardCharsets.UTF_8), List.of(letter), null, null, seen.version());
    }

    private CustomerContext stored() {
        return ContextJson.parseStored(customers.findById("C-1001").orElseThrow().contextJson());
    }

    private static List<String> contactKeys(CustomerContext context) {
        return context.contactHistory().stream().map(ContactRecord::key).toList();
    }

    @Test
    void aSendOnTheVersionItSawAddsItsContactAndKeepsThatVersion() {
        CustomerRow seen = customers.findById("C-1001").orElseThrow();

        writer.write(List.of(letterDecidedOn(seen, "D-still")));

        CustomerRow now = customers.findById("C-1001").orElseThrow();
        assertThat(now.version()).isEqualTo(seen.version() + 1);
        assertThat(contactKeys(ContextJson.parseStored(now.contextJson()))).contains("removed-line-charges");
    }

    @Test
    void aSendRecordedAfterAnEventKeepsTheEventAndAddsItsContact() {
        CustomerRow seen = customers.findById("C-1001").orElseThrow();
        int surveysBefore = stored().surveys().size();
        // Between the decision and its record, the customer answers a survey.
        assertThat(api.post("/v1/events", Api.ADMIN, SeedStory.event("E-between", "SURVEY_RESPONDED",
                "2026-05-20T09:59:00Z", "SMS", "\"score\": 9")).status()).isEqualTo(200);

        writer.write(List.of(letterDecidedOn(seen, "D-after-event")));

        CustomerRow now = customers.findById("C-1001").orElseThrow();
        CustomerContext context = ContextJson.parseStored(now.contextJson());
        assertThat(context.surveys()).as("the event applied meanwhile").hasSize(surveysBefore + 1);
        assertThat(contactKeys(context)).as("the send's contact").contains("removed-line-charges");
        assertThat(now.version()).isEqualTo(seen.version() + 2);
    }

    private int outcomesOf(String decisionId) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database);
             PreparedStatement count = connection.prepareStatement(
                     "select count(*) from decision_outcome where decision_id = ?")) {
            count.setString(1, decisionId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static DecisionRow webDecisionFor(String customerId, String decisionId) {
        return new DecisionRow(decisionId, customerId, true, "WEB", SENT_AT, "sha256:test", "CHAMPION", 5,
                "{}", "{\"actions\": []}".getBytes(StandardCharsets.UTF_8), List.of(), null, null, null);
    }

    @Test
    void aBatchOnTheVersionsItSawIsWrittenWholeInOneStatement() throws SQLException {
        CustomerRow seen = customers.findById("C-1001").orElseThrow();

        Set<String> left = writer.writeInOneStatement(List.of(
                letterDecidedOn(seen, "D-letter"), webDecisionFor("C-1001", "D-web")));

        assertThat(left).isEmpty();
        assertThat(decisions.existing(List.of("D-letter", "D-web"))).containsExactlyInAnyOrder("D-letter", "D-web");
        assertThat(outcomesOf("D-letter")).as("the letter's SENT outcome").isEqualTo(1);
        CustomerRow now = customers.findById("C-1001").orElseThrow();
        assertThat(now.version()).isEqualTo(seen.version() + 1);
        assertThat(contactKeys(ContextJson.parseStored(now.contextJson()))).contains("removed-line-charges");
    }

    @Test
    void aSendAfterAnEventIsLeftWholeWhileTheRestOfItsBatchIsWritten() throws SQLException {
        CustomerRow seen = customers.findById("C-1001").orElseThrow();
        int surveysBefore = stored().surveys().size();
        assertThat(api.post("/v1/events", Api.ADMIN, SeedStory.event("E-meanwhile", "SURVEY_RESPONDED",
                "2026-05-20T09:59:00Z", "SMS", "\"score\": 9")).status()).isEqualTo(200);
        CustomerRow afterEvent = customers.findById("C-1001").orElseThrow();
        DecisionRow letter = letterDecidedOn(seen, "D-late-letter");

        Set<String> left = writer.writeInOneStatement(List.of(letter, webDecisionFor("C-1001", "D-web-2")));

        assertThat(left).containsExactly("D-late-letter");
        assertThat(decisions.existing(List.of("D-late-letter", "D-web-2"))).containsExactly("D-web-2");
        assertThat(outcomesOf("D-late-letter")).as("nothing of the letter is stored").isZero();
        assertThat(customers.findById("C-1001").orElseThrow().version()).isEqualTo(afterEvent.version());

        writer.write(List.of(letter));

        assertThat(decisions.existing(List.of("D-late-letter"))).containsExactly("D-late-letter");
        assertThat(outcomesOf("D-late-letter")).isEqualTo(1);
        CustomerContext context = stored();
        assertThat(contactKeys(context)).as("the letter's contact").contains("removed-line-charges");
        assertThat(context.surveys()).as("the event applied meanwhile").hasSize(surveysBefore + 1);
        assertThat(customers.findById("C-1001").orElseThrow().version()).isEqualTo(afterEvent.version() + 1);
    }
}
