package io.chorus.api.decisions;

import io.chorus.engine.constraints.VolumeConstraint;
import io.chorus.engine.context.ActionType;
import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An outbound run's commit and the service share the constraint counters: together they never exceed a limit. */
class OutboundCommitsTest {
    private static final Instant AS_OF = Instant.parse("2026-05-20T10:00:00Z");
    private static final VolumeConstraint LETTERS = new VolumeConstraint("retention-letters", Channel.LETTER,
            ActionType.RETENTION_OFFER, null, VolumeConstraint.Period.DAY, new BigDecimal("10"), null, null);

    private static DecisionRow letter(String run, int customer) {
        String decisionId = "outbound:" + run + ":C-" + customer + ":LETTER";
        ContactRecord sent = new ContactRecord(decisionId, "A-" + customer, ActionType.RETENTION_OFFER, Channel.LETTER,
                AS_OF, ContactOutcome.SENT, "retention:LOYALTY_DISCOUNT", "A loyalty discount");
        return new DecisionRow(decisionId, "C-" + customer, true, "LETTER", AS_OF, "sha256:test", "CHAMPION", 5,
                "{\"customerId\": \"C-" + customer + "\"}", "{\"actions\": []}".getBytes(StandardCharsets.UTF_8), List.of(sent), null);
    }

    @Test
    void aBatchThatNoLongerFitsKeepsWhatFitsBestFirstAndARepeatWritesNothing() throws SQLException {
        String url = TestDatabase.get().newDatabase();
        try (OutboundStore store = OutboundStore.open(url)) {
            OutboundCommits commits = store.commits();
            try (Connection db = DriverManager.getConnection(url); Statement s = db.createStatement()) {
                // Meanwhile the service posted 7 of the day's 10 letters.
                s.execute("insert into constraint_usage (name, period_start, used) values ('retention-letters', '2026-05-20', 7)");
            }
            assertThat(commits.used(List.of(LETTERS), AS_OF)).containsEntry("retention-letters", new BigDecimal("7.00"));
            List<DecisionRow> rows = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                rows.add(letter("r1", i));
            }

            OutboundCommits.Outcome outcome = commits.commit(rows, List.of(LETTERS));

            assertThat(outcome.written()).isEqualTo(3);
            assertThat(outcome.notSent()).isEqualTo(2);
            assertThat(outcome.contacts()).isEqualTo(3);
            try (Connection db = DriverManager.getConnection(url)) {
                assertThat(decimal(db, "select used from constraint_usage where name = 'retention-letters'"))
                        .isEqualByComparingTo("10");
                // The first rows (the caller's best) are the ones sent.
                assertThat(count(db, "select count(*) from decision where decision_id in ('outbound:r1:C-0:LETTER',"
                        + " 'outbound:r1:C-1:LETTER', 'outbound:r1:C-2:LETTER')")).isEqualTo(3);
                assertThat(count(db, "select count(*) from decision_outcome where outcome = 'SENT'")).isEqualTo(3);
            }

            OutboundCommits.Outcome again = commits.commit(rows.subList(0, 3), List.of(LETTERS));

            assertThat(again.written()).isZero();
            assertThat(again.alreadyCommitted()).isEqualTo(3);
            try (Connection db = DriverManager.getConnection(url)) {
                assertThat(decimal(db, "select used from constraint_usage where name = 'retention-letters'"))
                        .isEqualByComparingTo("10");
                assertThat(count(db, "select count(*) from decision")).isEqualTo(3);
            }
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static BigDecimal decimal(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }
}
