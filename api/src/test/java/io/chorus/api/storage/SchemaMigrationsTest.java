package io.chorus.api.storage;

import io.chorus.api.ChorusServer;
import io.chorus.engine.rules.Checkout;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.nio.file.Path;

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
    void givenASchemaMigratedAlone_whenTheServiceStarts_thenItHasNothingLeftToApply(@TempDir Path data)
            throws Exception {
        String url = TestDatabase.get().newDatabase();
        SchemaMigrations.migrate(url);
        int applied = historyRows(url);

        try (ChorusServer server = ChorusServer.start(new ChorusServer.Options(-1, url, data,
                Checkout.rulesDirectory(), Checkout.home()))) {
            assertThat(server.port()).isPositive();
        }

        assertThat(historyRows(url)).as("migrations the service applied itself").isEqualTo(applied);
    }

    private static int historyRows(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rows.next();
            return rows.getInt(1);
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
