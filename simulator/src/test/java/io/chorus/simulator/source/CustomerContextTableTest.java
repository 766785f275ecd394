package io.chorus.simulator.source;

import io.chorus.engine.context.Channel;
import io.chorus.engine.context.ContextJson;
import io.chorus.simulator.Fixtures;
import io.chorus.simulator.population.PopulationGenerator;
import io.chorus.simulator.population.PopulationWriter;
import io.chorus.simulator.report.SimulationReport;
import io.chorus.simulator.report.SimulationReport.BadLine;
import io.chorus.simulator.run.RunObserver;
import io.chorus.simulator.run.SimulationSettings;
import io.chorus.simulator.run.Simulator;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code simulate --from-db} against a real PostgreSQL: a scratch database with the agreed
 * {@code customer_context} table on a fresh database of the test PostgreSQL (the server CHORUS_TEST_DB_URL names,
 * else Testcontainers, else embedded: see {@link TestDatabase}).
 */
class CustomerContextTableTest {
    private static final int SIZE = 300;

    @TempDir
    static Path dir;
    private static Path file;
    private static String url;

    @BeforeAll
    static void createStore() throws Exception {
        url = TestDatabase.get().newDatabase();
        file = dir.resolve("population.jsonl");
        PopulationGenerator generator = new PopulationGenerator(31, Fixtures.AS_OF);
        PopulationWriter.write(generator, SIZE, file, n -> { });
        try (Connection store = DriverManager.getConnection(url)) {
            try (Statement sql = store.createStatement()) {
                sql.execute("create table customer_context(customer_id text primary key, context jsonb not null,"
                        + " updated_at timestamptz)");
            }
            try (PreparedStatement insert = store.prepareStatement(
                    "insert into customer_context(customer_id, context, updated_at) values (?, ?::jsonb, now())")) {
                for (int i = 0; i < SIZE; i++) {
                    insert.setString(1, PopulationGenerator.customerId(i));
                    insert.setString(2, ContextJson.write(generator.customer(i)));
                    insert.addBatch();
                }
                insert.setString(1, "C-BROKEN");
                insert.setString(2, "{\"customerId\": \"C-BROKEN\", \"segment\": \"HOUSEHOLD\"}");
                insert.addBatch();
                insert.executeBatch();
            }
        }
    }

    @Test
    void theStoreGivesTheSameReportAsTheSamePopulationInAFile() throws Exception {
        SimulationSettings settings = new SimulationSettings(List.of(Channel.CALL_CENTER, Channel.EMAIL),
                Fixtures.AS_OF, 5, false, 2, 20);
        Simulator simulator = new Simulator(Fixtures.defaultRuleSet(), null, settings);

        SimulationReport fromStore = simulator.run(new CustomerContextTable(url), RunObserver.SILENT).report();
        SimulationReport fromFile = simulator.run(new JsonLinesFile(file), RunObserver.SILENT).report();

        assertThat(fromStore.customers()).isEqualTo(SIZE);
        assertThat(fromStore.population()).isEqualTo("customer_context");
        assertThat(fromStore.candidate().byType()).isEqualTo(fromFile.candidate().byType());
        assertThat(fromStore.candidate().byAction()).isEqualTo(fromFile.candidate().byAction());
        assertThat(fromStore.candidate().suppressions()).isEqualTo(fromFile.candidate().suppressions());
        assertThat(fromStore.candidate().noAction()).isEqualTo(fromFile.candidate().noAction());
    }

    @Test
    void aBadRowIsNamedByItsCustomerIdAndCounted() throws Exception {
        SimulationSettings settings = new SimulationSettings(List.of(Channel.CALL_CENTER), Fixtures.AS_OF, 5, false,
                2, 20);

        SimulationReport report = new Simulator(Fixtures.defaultRuleSet(), null, settings)
                .run(new CustomerContextTable(url), RunObserver.SILENT).report();

        assertThat(report.badLines()).isEqualTo(1);
        assertThat(report.badLineSamples()).extracting(BadLine::toString).singleElement().asString()
                .startsWith("customer_context:C-BROKEN: segment: unknown value \"HOUSEHOLD\"");
    }
}
