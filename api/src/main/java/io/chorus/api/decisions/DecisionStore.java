package io.chorus.api.decisions;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
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

    private static final String COLUMNS = "decision_id, customer_id, stored_customer, channel, as_of, "
            + "rule_set_version, variant, max_actions, context, answer, outside, features, context_version";

    /** Many decisions in one statement and one commit (see {@link DecisionRecorder}). */
    public void insertAll(List<DecisionRow> rows) {
        StringBuilder sql = new StringBuilder("insert into decision (" + COLUMNS + ") values ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), cast(? as jsonb), ?)");
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
                ps.setString(p++, row.variant());
                ps.setInt(p++, row.maxActions());
                ps.setString(p++, row.contextVersion() == null ? row.contextJson() : null);
                ps.setString(p++, row.answerJson());
                ps.setString(p++, row.outsideJson());
                ps.setString(p++, row.featuresJson());
                ps.setObject(p++, row.contextVersion(), java.sql.Types.BIGINT);
            }
            return ps.executeUpdate();
        });
    }

    /** Which of these decision ids are recorded already. */
    public java.util.Set<String> existing(java.util.Collection<String> decisionIds) {
        java.util.Set<String> found = new java.util.HashSet<>();
        if (decisionIds.isEmpty()) {
            return found;
        }
        jdbc.prepareStatement("select decision_id from decision where decision_id = any (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", decisionIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return null;
        });
        return found;
    }

    /**
     * A decision read back with the context it saw: kept whole, or the customer's version it names (still current,
     * or kept since it was replaced). Decisions recorded before the audit kept whole answers read back with the
     * actions they showed.
     */
    private static final String SELECT_RECORDED = "select decision_id, customer_id, stored_customer, channel, as_of, "
            + "rule_set_version, variant, max_actions, coalesce(d.context, "
            + "(select c.context from customer_context c where c.customer_id = d.customer_id "
            + "and c.version = d.context_version), "
            + "(select v.context from customer_context_version v where v.customer_id = d.customer_id "
            + "and v.version = d.context_version))::text, "
            + "coalesce(answer, jsonb_build_object('actions', actions, 'suppressed', suppressed))::text, made_at, "
            + "outside::text "
            + "from decision d ";

    public Optional<RecordedDecision> find(String decisionId) {
        return jdbc.prepareStatement(SELECT_RECORDED + "where decision_id = ?", ps -> {
            ps.setString(1, decisionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(recorded(rs)) : Optional.<RecordedDecision>empty();
            }
        });
    }

    /** A customer's decisions, newest first: what every channel told them. */
    public List<RecordedDecision> forCustomer(String customerId, int limit) {
        return jdbc.prepareStatement(SELECT_RECORDED + "where customer_id = ? and stored_customer "
                + "order by made_at desc, as_of desc limit ?", ps -> {
            ps.setString(1, customerId);
            ps.setInt(2, limit);
            List<RecordedDecision> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(recorded(rs));
                }
            }
            return found;
        });
    }

    /**
     * Forgets decisions recorded more than {@code days} days ago, with their outcomes and the context versions only
     * they could have seen; returns how many decisions. The age
     * is measured by the database's clock, the one that stamped {@code made_at}.
     */
    @Transactional
    public int pruneOlderThan(int days) {
        jdbc.prepareStatement("delete from decision_outcome o using decision d where o.decision_id = d.decision_id "
                + "and d.made_at < now() - make_interval(days => ?)", ps -> {
            ps.setInt(1, days);
            return ps.executeUpdate();
        });
        int pruned = jdbc.prepareStatement("delete from decision where made_at < now() - make_interval(days => ?)",
                ps -> {
                    ps.setInt(1, days);
                    return ps.executeUpdate();
                });
        // A context version replaced more than the keeping time ago was seen only by decisions older than that. A
        // decision is stamped when it commits, a moment after it read its context, hence the extra day.
        jdbc.prepareStatement("delete from customer_context_version "
                + "where superseded_at < now() - make_interval(days => ?)", ps -> {
            ps.setInt(1, days + 1);
            return ps.executeUpdate();
        });
        return pruned;
    }

    private static RecordedDecision recorded(ResultSet rs) throws java.sql.SQLException {
        int stored = rs.getInt(8);
        Integer maxActions = rs.wasNull() ? null : stored;
        return new RecordedDecision(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), maxActions,
                rs.getString(9), rs.getString(10), rs.getTimestamp(11).toInstant(), rs.getString(12));
    }

    private static final String INSERT_OUTCOME = "insert into decision_outcome (decision_id, action_id, outcome, "
            + "action_type, channel, occurred_at, action_key) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing";

    /** Records outcomes in one batch; each is recorded once, repeats change nothing. */
    public void insertOutcomes(List<OutcomeRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(INSERT_OUTCOME, ps -> {
            for (OutcomeRow row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** Records an outcome once; a repeat of the same outcome for the same action returns false. */
    public boolean insertOutcome(OutcomeRow row) {
        return jdbc.prepareStatement(INSERT_OUTCOME, ps -> {
            bind(ps, row);
            return ps.executeUpdate() == 1;
        });
    }

    private static void bind(java.sql.PreparedStatement ps, OutcomeRow row) throws java.sql.SQLException {
        ps.setString(1, row.decisionId());
        ps.setString(2, row.actionId());
        ps.setString(3, row.outcome());
        ps.setString(4, row.actionType());
        ps.setString(5, row.channel());
        ps.setTimestamp(6, Timestamp.from(row.at()));
        ps.setString(7, row.actionKey());
    }
}
