package io.chorus.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.testing.TestDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration 2.1 on a database written before identifiers were normalised: the service starts on it and finds
 * every stored customer by the normal form, in the lookup table and in the context documents alike.
 */
@MicronautTest
class IdentifierMigrationTest extends ApiTestBase {

    /** Schema version 1 with customers stored as systems of record once sent them. */
    @Override
    protected String databaseUrl() {
        String url = TestDatabase.get().newDatabase();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("1").load()
                .migrate();
        try (Connection connection = DriverManager.getConnection(url)) {
            store(connection, "C-1001", "\"name\": \"Sam Rivers\", \"segment\": \"BUSINESS\"",
                    new String[][]{{"MSISDN", "07700 900001"}, {"EMAIL", "Sam@Example.com"}, {"SOCIAL", "SamRivers"},
                            {"MSISDN", "+447700900001"}, {"ACCOUNT", " BA-77"}});
            // Held by C-2002 in E.164 already, by C-1001 as a national number: C-2002 keeps it.
            store(connection, "C-2002", "\"segment\": \"CONSUMER\"", new String[][]{{"MSISDN", "+447700900002"}});
            store(connection, "C-1001", null, new String[][]{{"MSISDN", "07700-900-002"}});
            // Not a phone number: left as stored, and logged.
            store(connection, "C-3003", "\"segment\": \"CONSUMER\"", new String[][]{{"MSISDN", "n/a"},
                    {"EMAIL", "OWEN@EXAMPLE.COM"}});
            // More than one batch of the migration's writes, interleaved with its streaming reads.
            try (var s = connection.createStatement()) {
                s.executeUpdate("insert into customer_context (customer_id, context) select 'C-B' || n, "
                        + "jsonb_build_object('customerId', 'C-B' || n, 'segment', 'CONSUMER', 'identifiers', "
                        + "jsonb_build_array(jsonb_build_object('type', 'MSISDN', 'value', '07700 8' || "
                        + "lpad(n::text, 5, '0')))) from generate_series(1, 2500) n");
                s.executeUpdate("insert into customer_identifier (identifier_type, identifier_value, customer_id) "
                        + "select 'MSISDN', '07700 8' || lpad(n::text, 5, '0'), 'C-B' || n "
                        + "from generate_series(1, 2500) n");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return url;
    }

    @Test
    void shouldFindCustomersStoredBeforeNormalisationByTheNormalForm() {
        assertThat(customerIdOf("MSISDN:07700900001")).isEqualTo("C-1001");
        assertThat(customerIdOf("EMAIL:sam@example.com")).isEqualTo("C-1001");
        assertThat(customerIdOf("SOCIAL:@samrivers")).isEqualTo("C-1001");
        assertThat(customerIdOf("ACCOUNT:BA-77")).isEqualTo("C-1001");
        assertThat(customerIdOf("EMAIL:owen@example.com")).isEqualTo("C-3003");
    }

    @Test
    void shouldNormaliseEveryBatchOfALargerStore() {
        for (int n : new int[]{1, 1000, 1001, 2500}) {
            String number = "+447700" + (800000 + n);
            assertThat(customerIdOf("MSISDN:" + number.replace("+", "%2B"))).isEqualTo("C-B" + n);
            assertThat(api.get("/v1/customers/C-B" + n + "/context", Api.CHANNEL).json().at("/identifiers/0/value")
                    .asText()).isEqualTo(number);
        }
    }

    @Test
    void shouldLeaveAContestedNumberWithTheCustomerWhoHeldItInNormalForm() {
        assertThat(customerIdOf("MSISDN:+447700900002")).isEqualTo("C-2002");
    }

    @Test
    void shouldNormaliseTheContextDocumentsToo() {
        JsonNode sam = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json();
        assertThat(sam.get("identifiers").toString()).isEqualTo("[{\"type\":\"MSISDN\",\"value\":\"+447700900001\"},"
                + "{\"type\":\"EMAIL\",\"value\":\"sam@example.com\"},{\"type\":\"SOCIAL\",\"value\":\"@samrivers\"},"
                + "{\"type\":\"ACCOUNT\",\"value\":\"BA-77\"},{\"type\":\"MSISDN\",\"value\":\"+447700900002\"}]");

        JsonNode owen = api.get("/v1/customers/C-3003/context", Api.CHANNEL).json();
        assertThat(owen.get("identifiers").findValuesAsText("value")).containsExactly("n/a", "owen@example.com");
    }

    private String customerIdOf(String identifier) {
        Api.Reply reply = api.get("/v1/customers?identifier=" + identifier, Api.CHANNEL);
        assertThat(reply.status()).as(identifier + " " + reply).isEqualTo(200);
        return reply.json().get("customerId").asText();
    }

    /** Appends identifiers to the customer's row and document as they were written, creating the customer. */
    private static void store(Connection connection, String customerId, String profile, String[][] identifiers)
            throws SQLException {
        if (profile != null) {
            try (PreparedStatement ps = connection.prepareStatement("insert into customer_context (customer_id, "
                    + "context) values (?, cast(? as jsonb))")) {
                ps.setString(1, customerId);
                ps.setString(2, "{\"customerId\": \"" + customerId + "\", " + profile + ", \"identifiers\": []}");
                ps.executeUpdate();
            }
        }
        for (String[] identifier : identifiers) {
            try (PreparedStatement ps = connection.prepareStatement("insert into customer_identifier "
                    + "(identifier_type, identifier_value, customer_id) values (?, ?, ?)");
                 PreparedStatement doc = connection.prepareStatement("update customer_context set context = "
                         + "jsonb_set(context, '{identifiers}', (context -> 'identifiers') || "
                         + "jsonb_build_object('type', ?::text, 'value', ?::text)) where customer_id = ?")) {
                ps.setString(1, identifier[0]);
                ps.setString(2, identifier[1]);
                ps.setString(3, customerId);
                ps.executeUpdate();
                doc.setString(1, identifier[0]);
                doc.setString(2, identifier[1]);
                doc.setString(3, customerId);
                doc.executeUpdate();
            }
        }
    }
}
