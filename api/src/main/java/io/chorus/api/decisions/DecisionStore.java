package io.chorus.api.decisions;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

/** {@code decision} and {@code decision_outcome}. */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class DecisionStore {
    private final JdbcOperations jdbc;

    public DecisionStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(DecisionRow row) {
        jdbc.prepareStatement("insert into decision (decision_id, customer_id, stored_customer, channel, as_of, "
                + "rule_set_version, actions, suppressed) values (?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))",
                ps -> {
                    ps.setString(1, row.decisionId());
                    ps.setString(2, row.customerId());
                    ps.setBoolean(3, row.storedCustomer());
                    ps.setString(4, row.channel());
                    ps.setTimestamp(5, Timestamp.from(row.asOf()));
                    ps.setString(6, row.ruleSetVersion());
                    ps.setString(7, row.actionsJson());
                    ps.setString(8, row.suppressedJson());
                    return ps.executeUpdate();
                });
    }

    /** Many decisions in one statement and one commit (see {@link DecisionRecorder}). */
    public void insertAll(List<DecisionRow> rows) {
        StringBuilder sql = new StringBuilder("insert into decision (decision_id, customer_id, stored_customer, channel, "
                + "as_of, rule_set_version, actions, suppressed) values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb))");
        }
        jdbc.prepareStatement(sql.toString(), ps -> {
            int p = 1;
            for (DecisionRow row : rows) {
                ps.setString(p++, row.decisionId());
                ps.setString(p++, row.customerId());
                ps.setBoolean(p++, row.storedCustomer());
                ps.setString(p++, row.channel());
                ps.setTimestamp(p++, Timestamp.from(row.asOf()));
                ps.setString(p++, row.ruleSetVersion());
                ps.setString(p++, row.actionsJson());
                ps.setString(p++, row.suppressedJson());
            }
            return ps.executeUpdate();
        });
    }

    public Optional<DecisionRow> find(String decisionId) {
        return jdbc.prepareStatement("select decision_id, customer_id, stored_customer, channel, as_of, "
                + "rule_set_version, actions::text, suppressed::text from decision where decision_id = ?", ps -> {
            ps.setString(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.<DecisionRow>empty();
                }
                return Optional.of(new DecisionRow(rs.getString(1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7),
                        rs.getString(8)));
            }
        });
    }

    /** Records outcomes in one batch; each is recorded once, repeats change nothing. */
    public void insertOutcomes(List<OutcomeRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("insert into decision_outcome (decision_id, action_id, outcome, action_type, "
                + "channel, occurred_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing", ps -> {
            for (OutcomeRow row : rows) {
                ps.setString(1, row.decisionId());
                ps.setString(2, row.actionId());
                ps.setString(3, row.outcome());
                ps.setString(4, row.actionType());
                ps.setString(5, row.channel());
                ps.setTimestamp(6, Timestamp.from(row.at()));
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** Records an outcome once; a repeat of the same outcome for the same action returns false. */
    public boolean insertOutcome(OutcomeRow row) {
        return jdbc.prepareStatement("insert into decision_outcome (decision_id, action_id, outcome, action_type, "
                + "channel, occurred_at) values (?, ?, ?, ?, ?, ?) on conflict do nothing", ps -> {
            ps.setString(1, row.decisionId());
            ps.setString(2, row.actionId());
            ps.setString(3, row.outcome());
            ps.setString(4, row.actionType());
            ps.setString(5, row.channel());
            ps.setTimestamp(6, Timestamp.from(row.at()));
            return ps.executeUpdate() == 1;
        });
    }
}
