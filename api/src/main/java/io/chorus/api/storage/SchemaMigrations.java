package io.chorus.api.storage;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * The service's schema brought up to date by Flyway, from the same migrations the service applies at start, as a
 * step of its own ({@code chorus migrate}): for a Kubernetes init container or Job, or before an upgrade. Flyway
 * holds a PostgreSQL advisory lock while it migrates, so instances starting together apply each migration once.
 */
public final class SchemaMigrations {
    private static final String LOCATION = "classpath:db/migration";

    private SchemaMigrations() {
    }

    /** What a run did: how many migrations it applied, and the schema version it left. */
    public record Outcome(int applied, String version) {
    }

    public static Outcome migrate(String url) {
        String jdbc = DatabaseUrl.toJdbc(url);
        try {
            Flyway flyway = Flyway.configure().dataSource(jdbc, null, null).locations(LOCATION).load();
            int applied = flyway.migrate().migrationsExecuted;
            MigrationInfo current = flyway.info().current();
            return new Outcome(applied, current == null ? "empty" : current.getVersion().getVersion());
        } catch (FlywayException e) {
            throw new IllegalStateException("cannot bring the schema at " + DatabaseUrl.redacted(jdbc)
                    + " up to date: " + DatabaseUrl.redacted(String.valueOf(e.getMessage())), e);
        }
    }
}
