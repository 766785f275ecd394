package io.chorus.api.constraints;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code constraint_usage}: units used per constraint and period. */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class ConstraintStore {
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    public ConstraintStore(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Units used in the period starting {@code start}, by constraint name; absent means none used. */
    public Map<String, BigDecimal> used(Map<String, LocalDate> periodStarts) {
        Map<String, BigDecimal> used = new HashMap<>();
        if (periodStarts.isEmpty()) {
            return used;
        }
        jdbc.prepareStatement("select name, period_start, used from constraint_usage where name = any (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", periodStarts.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (rs.getDate(2).toLocalDate().equals(periodStarts.get(rs.getString(1)))) {
                        used.put(rs.getString(1), rs.getBigDecimal(3));
                    }
                }
            }
            return null;
        });
        return used;
    }

    /**
     * Takes {@code units} of the constraint in that period if they fit under {@code capacity}; false when another
     * decision took the room first. One statement, so it holds under any concurrency and across instances.
     */
    public boolean take(String name, LocalDate periodStart, BigDecimal units, BigDecimal capacity) {
        return jdbc.prepareStatement("insert into constraint_usage as u (name, period_start, used) "
                + "select ?, ?, ? where ? <= ? "
                + "on conflict (name, period_start) do update set used = u.used + excluded.used "
                + "where u.used + excluded.used <= ? returning u.used", ps -> {
            ps.setString(1, name);
            ps.setDate(2, Date.valueOf(periodStart));
            ps.setBigDecimal(3, units);
            ps.setBigDecimal(4, units);
            ps.setBigDecimal(5, capacity);
            ps.setBigDecimal(6, capacity);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /**
     * Takes all these units, in one transaction, or none of them: where one does not fit, what was taken before it
     * is rolled back, never seen by any other decision.
     */
    public boolean takeAll(List<VolumeLimits.Unit> units) {
        return transactions.executeWrite(status -> {
            for (VolumeLimits.Unit unit : units) {
                if (!take(unit.name(), unit.periodStart(), unit.units(), unit.capacity())) {
                    status.setRollbackOnly();
                    return false;
                }
            }
            return true;
        });
    }

    /** Gives units back (a decision that took them could not be recorded). */
    public void giveBack(String name, LocalDate periodStart, BigDecimal units) {
        jdbc.prepareStatement("update constraint_usage set used = greatest(used - ?, 0) where name = ? and period_start = ?",
                ps -> {
                    ps.setBigDecimal(1, units);
                    ps.setString(2, name);
                    ps.setDate(3, Date.valueOf(periodStart));
                    return ps.executeUpdate();
                });
    }
}
