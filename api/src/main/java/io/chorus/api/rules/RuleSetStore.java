package io.chorus.api.rules;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.decisions.DecisionStore;
import io.chorus.engine.json.Json;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@code rule_set}, its files, its activations and the challenger. */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class RuleSetStore {
    private final JdbcOperations jdbc;

    public RuleSetStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored version, without its files. */
    public record StoredVersion(String version, Instant createdAt, String origin, int ruleCount, int scenariosPassed,
                                int scenariosFailed, Instant activatedAt) {
    }

    /** What serves: the active version and the challenger with its share, if any. */
    public record Serving(String active, String challenger, int percent, Instant challengerSince) {
    }

    /** Stores a version once; the same files again change nothing. True when it was new. */
    public boolean insert(String version, String origin, int ruleCount, long passed, long failed,
                          Map<String, byte[]> files) {
        boolean inserted = jdbc.prepareStatement("insert into rule_set (version, origin, rule_count, scenarios_passed, "
                + "scenarios_failed) values (?, ?, ?, ?, ?) on conflict do nothing", ps -> {
            ps.setString(1, version);
            ps.setString(2, origin);
            ps.setInt(3, ruleCount);
            ps.setInt(4, (int) passed);
            ps.setInt(5, (int) failed);
            return ps.executeUpdate() == 1;
        });
        if (inserted) {
            jdbc.prepareStatement("insert into rule_set_file (version, path, content) values (?, ?, ?)", ps -> {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    ps.setString(1, version);
                    ps.setString(2, file.getKey());
                    ps.setBytes(3, file.getValue());
                    ps.addBatch();
                }
                return ps.executeBatch();
            });
        }
        return inserted;
    }

    public boolean exists(String version) {
        return jdbc.prepareStatement("select 1 from rule_set where version = ?", ps -> {
            ps.setString(1, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    public Map<String, byte[]> files(String version) {
        return jdbc.prepareStatement("select path, content from rule_set_file where version = ? order by path", ps -> {
            ps.setString(1, version);
            Map<String, byte[]> files = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1), rs.getBytes(2));
                }
            }
            return files;
        });
    }

    public Optional<StoredVersion> find(String version) {
        return list().stream().filter(v -> v.version().equals(version)).findFirst();
    }

    /** Every stored version, newest first, with when it was last activated. */
    public List<StoredVersion> list() {
        return jdbc.prepareStatement("select r.version, r.created_at, r.origin, r.rule_count, r.scenarios_passed, "
                + "r.scenarios_failed, (select max(a.activated_at) from rule_set_activation a where a.version = r.version) "
                + "from rule_set r order by r.created_at desc, r.version", ps -> {
            List<StoredVersion> versions = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.add(new StoredVersion(rs.getString(1), instant(rs, 2), rs.getString(3), rs.getInt(4),
                            rs.getInt(5), rs.getInt(6), instant(rs, 7)));
                }
            }
            return versions;
        });
    }

    public void activate(String version) {
        jdbc.prepareStatement("insert into rule_set_activation (version) values (?)", ps -> {
            ps.setString(1, version);
            return ps.executeUpdate();
        });
    }

    public void setChallenger(String version, int percent) {
        jdbc.prepareStatement("insert into rule_set_challenger (singleton, version, percent, since) "
                + "values (true, ?, ?, now()) on conflict (singleton) do update "
                + "set version = excluded.version, percent = excluded.percent, since = excluded.since", ps -> {
            ps.setString(1, version);
            ps.setInt(2, percent);
            return ps.executeUpdate();
        });
    }

    public boolean clearChallenger() {
        return jdbc.prepareStatement("delete from rule_set_challenger", ps -> ps.executeUpdate() > 0);
    }

    /** One round trip, read by every instance every few seconds. */
    public Serving serving() {
        return jdbc.prepareStatement("select (select version from rule_set_activation order by id desc limit 1), "
                + "c.version, c.percent, c.since from (select 1) one "
                + "left join rule_set_challenger c on true", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Serving(rs.getString(1), rs.getString(2), rs.getInt(3), instant(rs, 4));
            }
        });
    }

    /** What one side of a split showed: decisions made and actions shown by type. */
    public record Mix(long decisions, Map<String, Long> actions) {
        static final Mix NONE = new Mix(0, Map.of());
    }

    /**
     * Per variant, the decisions made since {@code since} and the actions they showed, by type. The answers are kept
     * compressed (V11__answers_compressed.sql), so their actions are counted here as the rows stream past, 500 at a
     * time through a cursor (hence the transaction), where the database used to look inside each answer itself.
     */
    @Transactional(readOnly = true)
    public Map<String, Mix> actionMix(Instant since) {
        Map<String, Long> decisions = new TreeMap<>();
        Map<String, Map<String, Long>> actions = new TreeMap<>();
        jdbc.prepareStatement("select variant, answer, answer_zstd from decision where made_at >= ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(since));
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String variant = rs.getString(1);
                    decisions.merge(variant, 1L, Long::sum);
                    // Null only for decisions recorded before the audit kept answers: counted, with no actions known.
                    String answer = DecisionStore.answer(rs, 2, 3);
                    if (answer != null) {
                        for (JsonNode action : Json.mapper().readTree(answer).path("actions")) {
                            actions.computeIfAbsent(variant, v -> new TreeMap<>())
                                    .merge(action.path("type").asText(), 1L, Long::sum);
                        }
                    }
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a kept answer is not JSON", e);
            }
            return null;
        });
        Map<String, Mix> mix = new LinkedHashMap<>();
        decisions.forEach((variant, count) -> mix.put(variant, new Mix(count, actions.getOrDefault(variant, Map.of()))));
        return mix;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
