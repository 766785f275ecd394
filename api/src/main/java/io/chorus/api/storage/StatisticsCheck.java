package io.chorus.api.storage;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;

/**
 * Warns at start when the server does not run autovacuum. The decision tables only grow, and PostgreSQL plans (and
 * caches, per connection, for its foreign-key checks) by the statistics autovacuum keeps: without it, a table
 * analysed while empty stays "empty" to the planner, and every send scanned the whole decision table once it had
 * grown. Chorus does not vacuum or analyse on its own: that is the server's job, and its operator's choice.
 */
@Singleton
@Connectable
public class StatisticsCheck implements ApplicationEventListener<StartupEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(StatisticsCheck.class);

    private final JdbcOperations jdbc;

    public StatisticsCheck(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        try {
            boolean on = jdbc.prepareStatement("select current_setting('autovacuum')::boolean "
                    + "and current_setting('track_counts')::boolean", ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            });
            if (!on) {
                LOG.warn("This PostgreSQL server runs without autovacuum (or track_counts): the planner's statistics "
                        + "of the growing decision tables will go stale and decisions will slow down as they "
                        + "accumulate. Turn autovacuum on, or ANALYZE the database regularly (docs/operations.md, "
                        + "\"PostgreSQL\").");
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not read the server's autovacuum setting: {}", e.toString());
        }
    }
}
