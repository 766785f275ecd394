package io.chorus.api.decisions;

import io.chorus.api.constraints.ConstraintStore;
import io.chorus.api.constraints.VolumeLimits;
import io.chorus.api.customers.CustomerStore;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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
            + "rule_set_version, variant, max_actions, context, answer_zstd, outside, features, context_version";

    /** The answer as the very bytes sent, compressed ({@link DecisionAnswers}). */
    private static final String ANSWER = "?::bytea";
    private static final String VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), " + ANSWER + ", "
            + "cast(? as jsonb), cast(? as jsonb), ?)";

    /**
     * Many decisions in one statement and one commit (see {@link DecisionRecorder}); returns the ids of those not
     * written for want of room.
     * <p>
     * A decision near a volume limit ({@link DecisionRow#takenOnRecord}) takes its units in the statement that writes
     * it: the conditional take and the insert are one statement, and the row is written only where the units still
     * fit. The room there was before is what the decision stood on, written into its {@code outside} facts by the same
     * statement. So near a limit the check costs a decision no round trip of its own: the first such decision carries
     * the batch's other decisions in its statement, and only a second one in the same batch (the same moment, near a
     * limit) adds a statement.
     */
    public Set<String> insertAll(List<DecisionRow> rows) {
        List<DecisionRow> plain = rows.stream().filter(r -> r.takenOnRecord() == null).toList();
        List<DecisionRow> taking = rows.stream().filter(r -> r.takenOnRecord() != null).toList();
        if (taking.isEmpty()) {
            insertPlain(plain);
            return Set.of();
        }
        Set<String> refused = new HashSet<>();
        for (int i = 0; i < taking.size(); i++) {
            DecisionRow row = taking.get(i);
            if (!insertTaking(row, i == 0 ? plain : List.of())) {
                refused.add(row.decisionId());
            }
        }
        return refused;
    }

    /**
     * Decisions with the contacts their sends made, in one statement: where {@code contexts} names a customer, their
     * context is replaced only if the store still holds the version given, and a send to them is written (its
     * decision and its outcomes) only where it was. Outside a transaction the statement is its own, so a batch costs
     * one round trip and one commit, and each send is stored whole or not at all. Returns the customers whose context
     * was replaced: a send to any other is not written.
     */
    public Set<String> insertWithContacts(List<DecisionRow> rows, Map<String,
            CustomerStore.Replacing> contexts, List<OutcomeRow> outcomes) {
        if (contexts.isEmpty()) {
            insertPlain(rows);
            return Set.of();
        }
        // Contexts in customer order, the order their rows are locked in (as every writer of contexts locks them).
        List<String> customers = new ArrayList<>(new TreeSet<>(contexts.keySet()));
        String sql = "with seen (customer_id, version, context) as (values "
                + String.join(", ", Collections.nCopies(customers.size(), "(?, ?::bigint, ?::text)")) + "), "
                + "replaced as (update customer_context c set context = s.context, updated_at = now() from seen s "
                + "where c.customer_id = s.customer_id and c.version = s.version returning c.customer_id), "
                + "made (" + COLUMNS + ", sends) as (values " + String.join(", ", Collections.nCopies(
                rows.size(), "(?, ?, ?::boolean, ?, ?::timestamptz, ?, ?, ?::int, ?::jsonb, " + ANSWER + ", ?::jsonb, "
                        + "?::jsonb, ?::bigint, ?::boolean)")) + "), "
                + "recorded as (insert into decision (" + COLUMNS + ") select " + COLUMNS + " from made "
                + "where not sends or customer_id in (select customer_id from replaced))"
                + (outcomes.isEmpty() ? "" : ", sent as (insert into decision_outcome (decision_id, action_id, "
                + "outcome, action_type, channel, occurred_at, action_key) select decision_id, action_id, outcome, "
                + "action_type, channel, occurred_at, action_key from (values " + String.join(", ",
                Collections.nCopies(outcomes.size(), "(?, ?, ?, ?, ?, ?::timestamptz, ?)"))
                + ") o (decision_id, action_id, outcome, action_type, channel, occurred_at, action_key) "
                + "where decision_id in (select decision_id from made where customer_id in "
                + "(select customer_id from replaced)) on conflict do nothing)")
                + " select customer_id from replaced";
        return jdbc.prepareStatement(sql, ps -> {
            int p = 1;
            for (String customerId : customers) {
                CustomerStore.Replacing replacing = contexts.get(customerId);
                ps.setString(p++, customerId);
                ps.setLong(p++, replacing.version());
                ps.setString(p++, replacing.contextJson());
            }
            for (DecisionRow row : rows) {
                p = bind(ps, p, row, true);
                ps.setBoolean(p++, row.sends());
            }
            for (OutcomeRow outcome : outcomes) {
                p = bind(ps, p, outcome);
            }
            Set<String> replaced = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    replaced.add(rs.getString(1));
                }
            }
            return replaced;
        });
    }

    private void insertPlain(List<DecisionRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("insert into decision (" + COLUMNS + ") values " + values(rows.size()), ps -> {
            int p = 1;
            for (DecisionRow row : rows) {
                p = bind(ps, p, row, true);
            }
            return ps.executeUpdate();
        });
    }

    /** True when the row's units fitted and it was written, with {@code others} in the same statement. */
    private boolean insertTaking(DecisionRow row, List<DecisionRow> others) {
        // Its outside facts name the constraint already (with the units it needs); the store sets the room it had.
        String sql = "with take as (" + ConstraintStore.takeSql() + "), "
                + "taking as (insert into decision (" + COLUMNS + ") select ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), "
                + ANSWER + ", jsonb_set(cast(? as jsonb), array['remaining', ?], to_jsonb(? - take.spoken + ?)), "
                + "cast(? as jsonb), ? from take returning 1)"
                + (others.isEmpty() ? "" : ", others as (insert into decision (" + COLUMNS + ") values "
                + values(others.size()) + ")")
                + " select count(*) from taking";
        return jdbc.prepareStatement(sql, ps -> {
            VolumeLimits.Unit unit = row.takenOnRecord();
            int p = ConstraintStore.bindTake(ps, 1, unit);
            p = bind(ps, p, row, false);
            for (DecisionRow other : others) {
                p = bind(ps, p, other, true);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        });
    }

    private static String values(int count) {
        return String.join(", ", Collections.nCopies(count, VALUES));
    }

    /** Binds one row's columns; where the store sets its room, the outside facts with the constraint and its room. */
    private static int bind(PreparedStatement ps, int p, DecisionRow row, boolean plain)
            throws SQLException {
        ps.setString(p++, row.decisionId());
        ps.setString(p++, row.customerId());
        ps.setBoolean(p++, row.storedCustomer());
        ps.setString(p++, row.channel());
        ps.setTimestamp(p++, Timestamp.from(row.asOf()));
        ps.setString(p++, row.ruleSetVersion());
        ps.setString(p++, row.variant());
        ps.setInt(p++, row.maxActions());
        ps.setString(p++, row.contextVersion() == null ? row.contextJson() : null);
        ps.setBytes(p++, DecisionAnswers.compress(row.answerJson()));
        ps.setString(p++, row.outsideJson());
        if (!plain) {
            VolumeLimits.Unit unit = row.takenOnRecord();
            ps.setString(p++, unit.name());
            ps.setBigDecimal(p++, unit.capacity());
            ps.setBigDecimal(p++, unit.units());
        }
        ps.setString(p++, row.featuresJson());
        ps.setObject(p++, row.contextVersion(), Types.BIGINT);
        return p;
    }

    /** Which of these decision ids are recorded already. */
    public Set<String> existing(Collection<String> decisionIds) {
        Set<String> found = new HashSet<>();
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
            + "rule_set_version, variant, max_actions, coalesce(d.context::text, "
            + "(select c.context from customer_context c where c.customer_id = d.customer_id "
            + "and c.version = d.context_version), "
            + "(select v.context from customer_context_version v where v.customer_id = d.customer_id "
            + "and v.version = d.context_version)), "
            + "case when answer_zstd is null then coalesce(answer, "
            + "jsonb_build_object('actions', actions, 'suppressed', suppressed)::text) end, made_at, "
            + "outside::text, answer_zstd "
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

    private static RecordedDecision recorded(ResultSet rs) throws SQLException {
        int stored = rs.getInt(8);
        Integer maxActions = rs.wasNull() ? null : stored;
        return new RecordedDecision(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getString(7), maxActions,
                rs.getString(9), answer(rs, 10, 13), rs.getTimestamp(11).toInstant(), rs.getString(12));
    }

    /** The answer kept compressed, or as text by a store from before (V11__answers_compressed.sql). */
    public static String answer(ResultSet rs, int text, int compressed) throws SQLException {
        byte[] zstd = rs.getBytes(compressed);
        return zstd == null ? rs.getString(text) : DecisionAnswers.text(zstd);
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

    private static void bind(PreparedStatement ps, OutcomeRow row) throws SQLException {
        bind(ps, 1, row);
    }

    private static int bind(PreparedStatement ps, int p, OutcomeRow row) throws SQLException {
        ps.setString(p++, row.decisionId());
        ps.setString(p++, row.actionId());
        ps.setString(p++, row.outcome());
        ps.setString(p++, row.actionType());
        ps.setString(p++, row.channel());
        ps.setTimestamp(p++, Timestamp.from(row.at()));
        ps.setString(p++, row.actionKey());
        return p;
    }
}
