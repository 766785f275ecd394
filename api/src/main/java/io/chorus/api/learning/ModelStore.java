package io.chorus.api.learning;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** {@code model}, {@code model_reset}, and the outcomes the models learn from, in the order they learn them. */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class ModelStore {
    private final JdbcOperations jdbc;

    public ModelStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** One outcome to learn from: the action's key, the decision's channel and the customer's predictors then. */
    public record Outcome(long seq, String key, String channel, String outcome, String featuresJson) {
    }

    /**
     * Outcomes by number, each with the features its decision kept (a SENT outcome teaches nothing, so its decision
     * is not read). These statements are planned afresh each time ({@link #plannedEachTime}): a plan the server
     * cached while the tables were empty scanned the whole decision table once per outcome, and held a core of the
     * database for as long as the service ran.
     */
    private static final String SELECT_OUTCOMES = "select o.seq, o.action_key, o.channel, o.outcome, "
            + "case when o.outcome <> 'SENT' then "
            + "(select d.features::text from decision d where d.decision_id = o.decision_id) end "
            + "from decision_outcome o ";

    /**
     * Outcomes after {@code seq}, in order, recorded at least {@code settleMillis} ago: an outcome committed a
     * moment after one with a higher number is still read in its place.
     */
    public List<Outcome> outcomesAfter(long seq, int limit, long settleMillis) {
        return jdbc.prepareStatement(SELECT_OUTCOMES
                + "where o.seq > ? and o.recorded_at < now() - make_interval(secs => ?) order by o.seq limit ?", ps -> {
            plannedEachTime(ps);
            ps.setLong(1, seq);
            ps.setDouble(2, settleMillis / 1000.0);
            ps.setInt(3, limit);
            List<Outcome> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Outcome(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return found;
        });
    }

    /** The outcomes with these numbers that are there now: ones committed after a higher number was read. */
    public List<Outcome> outcomes(java.util.Collection<Long> seqs) {
        return jdbc.prepareStatement(SELECT_OUTCOMES + "where o.seq = any (?) order by o.seq", ps -> {
            plannedEachTime(ps);
            ps.setArray(1, ps.getConnection().createArrayOf("bigint", seqs.toArray()));
            List<Outcome> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Outcome(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)));
                }
            }
            return found;
        });
    }

    /** Never a server-side prepared statement, so each execution is planned for the tables as they are now. */
    private static void plannedEachTime(java.sql.PreparedStatement ps) throws java.sql.SQLException {
        ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
    }

    /** A model's state as saved, with the last outcome it learned from. */
    public record Saved(String modelId, String key, String channel, String predictorsVersion, String stateJson,
                        long lastSeq) {
    }

    public List<Saved> saved(String predictorsVersion) {
        return jdbc.prepareStatement("select model_id, action_key, channel, predictors_version, state::text, last_seq "
                + "from model where predictors_version = ?", ps -> {
            ps.setString(1, predictorsVersion);
            List<Saved> found = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Saved(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6)));
                }
            }
            return found;
        });
    }

    /** Saves states; a row already saved further along (by another instance) is kept. */
    @Transactional
    public void save(List<Saved> models) {
        if (models.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("insert into model as m (model_id, action_key, channel, predictors_version, state, last_seq) "
                + "values (?, ?, ?, ?, cast(? as jsonb), ?) on conflict (model_id) do update set "
                + "action_key = excluded.action_key, channel = excluded.channel, "
                + "predictors_version = excluded.predictors_version, state = excluded.state, "
                + "last_seq = excluded.last_seq, saved_at = now() "
                + "where m.predictors_version <> excluded.predictors_version or m.last_seq < excluded.last_seq", ps -> {
            for (Saved s : models) {
                ps.setString(1, s.modelId());
                ps.setString(2, s.key());
                if (s.channel() == null) {
                    ps.setNull(3, Types.VARCHAR);
                } else {
                    ps.setString(3, s.channel());
                }
                ps.setString(4, s.predictorsVersion());
                ps.setString(5, s.stateJson());
                ps.setLong(6, s.lastSeq());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** Forgets a key's models: their saved states, and every outcome for the key so far. Empty if none exist. */
    @Transactional
    public OptionalLong reset(String key) {
        long after = jdbc.prepareStatement("select coalesce(max(seq), 0) from decision_outcome", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        int forgotten = jdbc.prepareStatement("delete from model where action_key = ?", ps -> {
            ps.setString(1, key);
            return ps.executeUpdate();
        });
        boolean learned = jdbc.prepareStatement("select exists (select 1 from decision_outcome where action_key = ? "
                + "and seq > coalesce((select after_seq from model_reset where action_key = ?), 0))", ps -> {
            ps.setString(1, key);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
        if (forgotten == 0 && !learned) {
            return OptionalLong.empty();
        }
        jdbc.prepareStatement("insert into model_reset (action_key, after_seq) values (?, ?) on conflict (action_key) "
                + "do update set after_seq = excluded.after_seq, reset_at = now()", ps -> {
            ps.setString(1, key);
            ps.setLong(2, after);
            return ps.executeUpdate();
        });
        return OptionalLong.of(after);
    }

    /** Every reset: outcomes for the key up to the number teach nothing. */
    public Map<String, Long> resets() {
        return jdbc.prepareStatement("select action_key, after_seq from model_reset", ps -> {
            Map<String, Long> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getLong(2));
                }
            }
            return found;
        });
    }
}
