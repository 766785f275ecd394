package io.chorus.api.storage;

import io.chorus.engine.identity.IdentifierPolicy;
import io.micronaut.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The default datasource's migrations written in Java, beside the SQL ones in {@code db/migration}: they need
 * the service's configuration (the identifier policy), which a class Flyway finds by scanning could not get.
 * Taking this bean's place, Micronaut's default customizer (migrations and callbacks registered as beans) is
 * not used: list any new Java migration here.
 */
@Singleton
@Named("default")
public class FlywayMigrations implements FlywayConfigurationCustomizer {
    private final IdentifierPolicy identifiers;

    public FlywayMigrations(IdentifierPolicy identifiers) {
        this.identifiers = identifiers;
    }

    @Override
    public void customizeFluentConfiguration(FluentConfiguration configuration) {
        configuration.javaMigrations(new NormaliseIdentifiers(identifiers));
    }

    @Override
    public String getName() {
        return "default";
    }
}
