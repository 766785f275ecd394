package io.chorus.api.constraints;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code constraint_usage}: units used per constraint and period. */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class ConstraintStore implements ConstraintLeases.Counters {
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    public ConstraintStore(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** What one constraint's period has shown ({@code used}) and what instances' leases set aside ({@code held}). */
    public record Counter(BigDecimal used, BigDecimal held) {
        public static final Counter NONE = new Counter(BigDecimal.ZERO, BigDecimal.ZERO);

        /** Units no decision can take from the store now: shown, or held in a lease. */
        public BigDecimal spoken() {
            return used.add(held);
        }
    }

    /** The counters of the period starting {@code start}, by constraint name; absent means nothing used or held. */
    public Map<String, Counter> counters(Map<String, LocalDate> periodStarts) {
        Map<String, Counter> counters = new HashMap<>();
        if (periodStarts.isEmpty()) {
            return counters;
        }
        jdbc.prepareStatement("select name, period_start, used, held from constraint_usage where name = any (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", periodStarts.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getDate(2).toLocalDate().equals(periodStarts.get(rs.getString(1)))) {
                        counters.put(rs.getString(1), new Counter(rs.getBigDecimal(3), rs.getBigDecimal(4)));
                    }
                }
            }
            return null;
        });
        return counters;
    }

    /**
     * Takes all these units, in one transaction, or none of them: where one does not fit, what was taken before it
     * is rolled back, never seen by any other decision. Returns, by constraint name, the room each had before the
     * take (what the decision was made on, for the record and a replay); null when one did not fit.
     * <p>
     * The commit does not wait for the write-ahead log to reach the disk. Nothing is answered on the strength of it
     * alone: the decision that took the units is answered only once its own record is committed, and that commit's
     * flush covers every earlier entry in the log, this take included. A crash before then loses the take together
     * with a decision nobody was told.
     */
    public Map<String, BigDecimal> takeAll(List<VolumeLimits.Unit> units) {
        if (units.size() == 1) {
            // The common case, one constraint: one statement, its own transaction, one round trip.
            VolumeLimits.Unit unit = units.get(0);
            BigDecimal spokenAfter = addIfRoom(true, "used", unit.name(), unit.periodStart(), unit.units(),
                    unit.capacity());
            return spokenAfter == null ? null : Map.of(unit.name(), roomBefore(unit, spokenAfter));
        }
        // A transaction of its own, so the relaxed commit never reaches a caller's transaction that records anything.
        return transactions.execute(TransactionDefinition.of(TransactionDefinition.Propagation.REQUIRES_NEW), status -> {
            jdbc.prepareStatement("set local synchronous_commit = off", java.sql.PreparedStatement::execute);
            Map<String, BigDecimal> roomBefore = new HashMap<>();
            for (VolumeLimits.Unit unit : units) {
                BigDecimal spokenAfter = addIfRoom(false, "used", unit.name(), unit.periodStart(), unit.units(),
                        unit.capacity());
                if (spokenAfter == null) {
                    status.setRollbackOnly();
                    return null;
                }
                roomBefore.put(unit.name(), roomBefore(unit, spokenAfter));
            }
            return roomBefore;
        });
    }

    private static BigDecimal roomBefore(VolumeLimits.Unit unit, BigDecimal spokenAfter) {
        return unit.capacity().subtract(spokenAfter).add(unit.units());
    }

    /**
     * Takes {@code units} of the constraint in that period if they fit under {@code capacity} beside what is used
     * and held; false when another decision (or a lease) took the room first. One statement, so it holds under any
     * concurrency and across instances; it joins the caller's transaction, if any.
     */
    public boolean take(String name, LocalDate periodStart, BigDecimal units, BigDecimal capacity) {
        return addIfRoom(false, "used", name, periodStart, units, capacity) != null;
    }

    /** Gives units back (a decision that took them could not be recorded). */
    @Override
    public void giveBack(String name, LocalDate periodStart, BigDecimal units) {
        jdbc.prepareStatement("update constraint_usage set used = greatest(used - ?, 0) where name = ? and period_start = ?",
                ps -> {
                    ps.setBigDecimal(1, units);
                    ps.setString(2, name);
                    ps.setDate(3, Date.valueOf(periodStart));
                    return ps.executeUpdate();
                });
    }

    /**
     * Sets {@code block} units of the period aside for one instance's lease, if afterwards used and held together
     * stay within {@code ceiling} (the capacity less the reserve only decisions taken one by one may use); false
     * when that is no longer so.
     */
    @Override
    public boolean lease(String name, LocalDate periodStart, BigDecimal block, BigDecimal ceiling) {
        return addIfRoom(false, "held", name, periodStart, block, ceiling) != null;
    }

    /**
     * Adds {@code units} to one column of the period's counter ({@code used} for an exact take, {@code held} for a
     * lease) where afterwards used and held together stay within {@code ceiling}; false, changing nothing, where
     * they would not; otherwise what used and held add up to afterwards. One conditional upsert: the row's lock orders
     * every instance's attempts.
     * <p>
     * {@code relaxedCommit} (for a statement that is its own transaction) turns off waiting for the log flush for
     * that transaction only: {@code set_config} with {@code is_local} lasts until the transaction ends, and its
     * commit is what it relaxes. The statement reads from it, so it is evaluated.
     */
    private BigDecimal addIfRoom(boolean relaxedCommit, String column, String name, LocalDate periodStart,
                                 BigDecimal units, BigDecimal ceiling) {
        return jdbc.prepareStatement((relaxedCommit
                ? "with relaxed as (select set_config('synchronous_commit', 'off', true)) " : "")
                + addIfRoomSql(column, relaxedCommit ? "relaxed" : null), ps -> {
            bindAddIfRoom(ps, 1, name, periodStart, units, ceiling);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1) : null;
            }
        });
    }

    /**
     * The conditional take of {@code used} units as SQL, for a statement that takes a decision's units as it writes
     * the decision (a common table expression): it returns one row, {@code spoken} (used and held afterwards), only
     * where the units fitted under the capacity. Its parameters are bound by {@link #bindTake}.
     */
    public static String takeSql() {
        return addIfRoomSql("used", null);
    }

    /** Binds {@link #takeSql}'s parameters from {@code at} on; returns the next parameter's index. */
    public static int bindTake(PreparedStatement ps, int at, VolumeLimits.Unit unit) throws SQLException {
        return bindAddIfRoom(ps, at, unit.name(), unit.periodStart(), unit.units(), unit.capacity());
    }

    private static String addIfRoomSql(String column, String from) {
        return "insert into constraint_usage as u (name, period_start, " + column + ") "
                + "select ?, ?, ?" + (from == null ? "" : " from " + from) + " where ? <= ? "
                + "on conflict (name, period_start) do update set " + column + " = u." + column + " + excluded."
                + column + " where u.used + u.held + excluded." + column + " <= ? returning u.used + u.held as spoken";
    }

    private static int bindAddIfRoom(PreparedStatement ps, int at, String name, LocalDate periodStart,
                                     BigDecimal units, BigDecimal ceiling) throws SQLException {
        ps.setString(at, name);
        ps.setDate(at + 1, Date.valueOf(periodStart));
        ps.setBigDecimal(at + 2, units);
        ps.setBigDecimal(at + 3, units);
        ps.setBigDecimal(at + 4, ceiling);
        ps.setBigDecimal(at + 5, ceiling);
        return at + 6;
    }

    /**
     * Settles a lease: {@code shown} units move from held to used, and {@code released} units it no longer needs
     * go back to the period's room. One statement, so no reader ever sees them counted twice or not at all.
     */
    @Override
    public void settle(String name, LocalDate periodStart, BigDecimal shown, BigDecimal released) {
        jdbc.prepareStatement("update constraint_usage set used = used + ?, held = greatest(held - ? - ?, 0) "
                + "where name = ? and period_start = ?", ps -> {
            ps.setBigDecimal(1, shown);
            ps.setBigDecimal(2, shown);
            ps.setBigDecimal(3, released);
            ps.setString(4, name);
            ps.setDate(5, Date.valueOf(periodStart));
            return ps.executeUpdate();
        });
    }
}
