package io.chorus.api.storage;

import io.chorus.api.customers.IdentifierConfiguration;
import io.chorus.engine.identity.IdentifierPolicy;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The service's schema brought up to date by Flyway, with exactly the migrations the service applies at start (the
 * SQL ones and {@link FlywayMigrations}' Java ones, configured as the service would be), as a step of its own
 * ({@code chorus migrate}): for a Kubernetes init container or Job, or before an upgrade. Flyway holds a
 * PostgreSQL advisory lock while it migrates, so instances starting together apply each migration once.
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
        FluentConfiguration configuration = Flyway.configure().dataSource(jdbc, null, null).locations(LOCATION);
        new FlywayMigrations(new IdentifierPolicy(defaultCountryCode())).customizeFluentConfiguration(configuration);
        try {
            Flyway flyway = configuration.load();
            int applied = flyway.migrate().migrationsExecuted;
            MigrationInfo current = flyway.info().current();
            return new Outcome(applied, current == null ? "empty" : current.getVersion().getVersion());
        } catch (FlywayException e) {
            throw new IllegalStateException("cannot bring the schema at " + DatabaseUrl.redacted(jdbc)
                    + " up to date: " + DatabaseUrl.redacted(String.valueOf(e.getMessage())), e);
        }
    }

    /** The identifier policy's setting read as the service reads it (application.yml, environment, -D). */
    private static String defaultCountryCode() {
        try (ApplicationContext context = ApplicationContext.builder().deduceEnvironment(false).build()) {
            Environment environment = context.getEnvironment().start();
            return environment.getProperty("chorus.identifiers.default-country-code", String.class)
                    .orElseGet(() -> new IdentifierConfiguration().getDefaultCountryCode());
        }
    }
}
