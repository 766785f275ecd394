package io.chorus.api.problems;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/** Tells a database that cannot be reached (503, retry) from a fault of ours (500). */
public final class StoreFailures {
    /** Failures of the transaction or connection machinery: they only happen when the connection is lost. */
    private static final Set<String> CONNECTION_LOST = Set.of(
            "io.micronaut.transaction.exceptions.CannotCreateTransactionException",
            "io.micronaut.transaction.exceptions.TransactionSystemException",
            "io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException",
            "io.micronaut.data.connection.exceptions.ConnectionException");

    private StoreFailures() {
    }

    /**
     * 08: connection exceptions; 57P: the server is shutting down or restarting; 57014: a statement the server
     * cancelled at statement_timeout (a store too slow to answer is, for the caller, a store that is away);
     * 53: out of connections, memory or disk.
     */
    private static boolean unavailable(String sqlState) {
        return sqlState.startsWith("08") || sqlState.startsWith("57P") || sqlState.equals("57014")
                || sqlState.startsWith("53");
    }

    /**
     * Why the store is unavailable, for a log line: the SQL state and class of the connection failure, no message
     * (a server's message can quote the statement's values).
     */
    public static String cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return t.getClass().getSimpleName() + (sql.getSQLState() == null ? "" : " SQLSTATE " + sql.getSQLState());
            }
        }
        return failure.getClass().getSimpleName();
    }

    public static boolean isUnavailable(Throwable failure) {
        // Causes and suppressed exceptions both: a failed rollback hides the original failure in either.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty()) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof StoreUnavailableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof IOException
                    || CONNECTION_LOST.contains(t.getClass().getName())) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && unavailable(sql.getSQLState())) {
                return true;
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            Collections.addAll(pending, t.getSuppressed());
        }
        return false;
    }
}
