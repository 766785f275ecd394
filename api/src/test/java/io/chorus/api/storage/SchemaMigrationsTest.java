package io.chorus.api.storage;

import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** chorus migrate: the schema the service needs, applied once; a second run finds nothing to do. */
class SchemaMigrationsTest {

    @Test
    void givenAnEmptyDatabase_whenMigratedTwice_thenTheSchemaIsThereAndTheSecondRunAppliesNothing() throws Exception {
        String url = TestDatabase.get().newDatabase();

        SchemaMigrations.Outcome first = SchemaMigrations.migrate(url);
        SchemaMigrations.Outcome second = SchemaMigrations.migrate(url);

        assertThat(first.applied()).isPositive();
        assertThat(second.applied()).isZero();
        assertThat(second.version()).isEqualTo(first.version());
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet table = connection.getMetaData().getTables(null, null, "customer_context", null)) {
            assertThat(table.next()).as("customer_context exists").isTrue();
        }
    }

    @Test
    void givenAnUnreachableServer_whenMigrating_thenTheMessageNamesItWithoutThePassword() {
        assertThatThrownBy(() -> SchemaMigrations.migrate(
                "jdbc:postgresql://127.0.0.1:1/chorus?user=chorus&password=secret&connectTimeout=2"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:1/chorus")
                .hasMessageNotContaining("secret");
    }
}
