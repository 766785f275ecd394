package io.chorus.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.chorus.engine.identity.IdentifierPolicy;
import io.chorus.testing.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 11 on a store whose decisions kept their answers as text: those still read back as answered, and the
 * decisions made after it keep theirs compressed in the row, read back the same as they were answered.
 */
@MicronautTest(transactional = false)
class AnswersKeptAsTextTest extends ApiTestBase {
    private static final String OLD_ANSWER = "{\"decisionId\":\"D-2026-04-ROAMING\",\"customerId\":\"C-1001\","
            + "\"channel\":\"CALL_CENTER\",\"actions\":[{\"actionId\":\"A-1\",\"type\":\"GUIDANCE\","
            + "\"title\":\"Explain the roaming charges on the April bill\"}],\"suppressed\":[]}";

    private String url;

    /** Schema version 10, with one decision recorded the way it kept answers then. */
    @Override
    protected String databaseUrl() {
        url = TestDatabase.get().newDatabase();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration")
                .javaMigrations(new NormaliseIdentifiers(IdentifierPolicy.UNITED_KINGDOM)).target("10").load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement insert = connection.prepareStatement("insert into decision (decision_id, customer_id, "
                     + "stored_customer, channel, as_of, rule_set_version, variant, max_actions, context, answer) "
                     + "values ('D-2026-04-ROAMING', 'C-1001', false, 'CALL_CENTER', '2026-04-14T09:30:00Z', "
                     + "'sha256:0000', 'CHAMPION', 5, ?::jsonb, ?)")) {
            insert.setString(1, Files.readString(SeedStory.seedCustomerFile()));
            insert.setString(2, OLD_ANSWER);
            insert.executeUpdate();
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    @Test
    void aDecisionRecordedBeforeReadsBackAsItWasAnswered() {
        Api.Reply read = api.get("/v1/decisions/D-2026-04-ROAMING", Api.CHANNEL);

        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().at("/actions/0/title").asText())
                .isEqualTo("Explain the roaming charges on the April bill");
        assertThat(read.json().at("/context/customerId").asText()).isEqualTo("C-1001");
    }

    @Test
    void aDecisionMadeNowKeepsItsAnswerCompressedInTheRow() throws IOException, SQLException {
        Api.Reply saved = api.put("/v1/customers/C-1001", Api.RECORDER, Files.readString(SeedStory.seedCustomerFile()));
        assertThat(saved.status()).as(saved.toString()).isIn(200, 201);
        Api.Reply decided = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("CALL_CENTER"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        JsonNode answered = decided.json();
        String decisionId = answered.get("decisionId").asText();

        JsonNode audit = api.get("/v1/decisions/" + decisionId, Api.CHANNEL).json();

        assertThat(audit.get("actions")).isEqualTo(answered.get("actions"));
        assertThat(audit.get("suppressed")).isEqualTo(answered.get("suppressed"));
        assertThat(audit.get("storySoFar")).isEqualTo(answered.get("storySoFar"));
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement kept = connection.prepareStatement("select answer is null, octet_length(answer_zstd), "
                     + "pg_column_size(answer_zstd) from decision where decision_id = ?")) {
            kept.setString(1, decisionId);
            try (ResultSet rs = kept.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).as("no text answer besides the compressed one").isTrue();
                assertThat(rs.getInt(2)).as("compressed").isLessThan(decided.body().length() / 2);
                // pg_column_size of a value moved out of line is the size of its pointer: 18 bytes.
                assertThat(rs.getInt(3)).as("kept in the row, not moved out to TOAST").isGreaterThan(rs.getInt(2) - 8);
            }
        }
    }
}
