package io.chorus.api.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.api.problems.Redacted;
import io.chorus.engine.context.IdentifierType;
import io.chorus.engine.identity.IdentifierPolicy;
import io.chorus.engine.identity.InvalidIdentifierException;
import io.chorus.engine.json.Json;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Migration 2.1: identifiers stored before normalisation (docs/api.md, "Finding a customer") take their normal form, in
 * {@code customer_identifier} and in each context document, by the same {@link IdentifierPolicy} (and the same
 * configured default country) that the service uses, rather than a copy of its rules in SQL.
 * <ul>
 *   <li>When two customers held what is now one identifier, it stays with the customer who already held it in
 *   normal form, else with the lowest customer id; the other no longer answers to it (logged as a warning,
 *   the identifier stays in that customer's document).</li>
 *   <li>A stored value that cannot be normalised (an MSISDN that is no phone number) is left as it was and
 *   logged: nothing is lost, and a lookup simply cannot reach it.</li>
 * </ul>
 * Versioned 2.1, so a V2 written elsewhere at the same time still sorts before it.
 */
public class NormaliseIdentifiers implements JavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(NormaliseIdentifiers.class);
    private static final int BATCH = 1000;

    private final IdentifierPolicy policy;

    public NormaliseIdentifiers(IdentifierPolicy policy) {
        this.policy = policy;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("2.1");
    }

    @Override
    public String getDescription() {
        return "normalise identifiers";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException, IOException {
        Connection connection = context.getConnection();
        int rows = normaliseIdentifierRows(connection);
        int documents = normaliseDocuments(connection);
        LOG.info("Identifiers normalised (default country {}): {} identifier row(s), {} context document(s)",
                policy.defaultCountryCode(), rows, documents);
    }

    /** Renames rows through a scratch table, then lets the holders of normal forms keep them. */
    private int normaliseIdentifierRows(Connection connection) throws SQLException, IOException {
        try (Statement s = connection.createStatement()) {
            s.execute("create temporary table renamed_identifier (identifier_type text, old_value text, "
                    + "new_value text, customer_id text) on commit drop");
        }
        int renamed = rewrite(connection, "select identifier_type, identifier_value, customer_id "
                + "from customer_identifier", "insert into renamed_identifier (identifier_type, old_value, "
                + "new_value, customer_id) values (?, ?, ?, ?)", (row, rename) -> {
                    String type = row.getString(1);
                    String value = row.getString(2);
                    String customerId = row.getString(3);
                    Optional<String> normal = normal(type, value, customerId);
                    if (normal.isEmpty() || normal.get().equals(value)) {
                        return false;
                    }
                    rename.setString(1, type);
                    rename.setString(2, value);
                    rename.setString(3, normal.get());
                    rename.setString(4, customerId);
                    return true;
                });
        if (renamed == 0) {
            return 0;
        }
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("delete from customer_identifier i using renamed_identifier r "
                    + "where i.identifier_type = r.identifier_type and i.identifier_value = r.old_value");
            s.executeUpdate("insert into customer_identifier (identifier_type, identifier_value, customer_id) "
                    + "select distinct on (identifier_type, new_value) identifier_type, new_value, customer_id "
                    + "from renamed_identifier order by identifier_type, new_value, customer_id "
                    + "on conflict do nothing");
            try (ResultSet lost = s.executeQuery("select r.customer_id, r.identifier_type, r.old_value, "
                    + "r.new_value, i.customer_id from renamed_identifier r join customer_identifier i "
                    + "on i.identifier_type = r.identifier_type and i.identifier_value = r.new_value "
                    + "where i.customer_id <> r.customer_id order by r.customer_id")) {
                while (lost.next()) {
                    LOG.warn("Customer {}: its {} identifier {} is, once normalised, one that belongs to customer {}; "
                                    + "{} no longer answers to it", lost.getString(1), lost.getString(2),
                            Redacted.value(lost.getString(3)), lost.getString(5), lost.getString(1));
                }
            }
        }
        return renamed;
    }

    /** The {@code identifiers} of each document in normal form, each once; documents already so are untouched. */
    private int normaliseDocuments(Connection connection) throws SQLException, IOException {
        return rewrite(connection, "select customer_id, (context -> 'identifiers')::text from customer_context "
                + "where jsonb_typeof(context -> 'identifiers') = 'array'", "update customer_context "
                + "set context = jsonb_set(context, '{identifiers}', cast(? as jsonb)) where customer_id = ?",
                (row, write) -> {
                    String customerId = row.getString(1);
                    JsonNode given = Json.mapper().readTree(row.getString(2));
                    ArrayNode normal = normalised(given);
                    if (normal.equals(given)) {
                        return false;
                    }
                    write.setString(1, Json.mapper().writeValueAsString(normal));
                    write.setString(2, customerId);
                    return true;
                });
    }

    /** Sets the parameters of {@code write} from one row read; false when the row needs no writing. */
    private interface Rewrite {
        boolean prepare(ResultSet row, PreparedStatement write) throws SQLException, IOException;
    }

    /** Streams {@code select} and writes, in batches, the rows that need it; answers how many did. */
    private static int rewrite(Connection connection, String select, String write, Rewrite rewrite)
            throws SQLException, IOException {
        int written = 0;
        try (PreparedStatement read = connection.prepareStatement(select);
             PreparedStatement out = connection.prepareStatement(write)) {
            read.setFetchSize(BATCH);
            try (ResultSet row = read.executeQuery()) {
                while (row.next()) {
                    if (rewrite.prepare(row, out)) {
                        out.addBatch();
                        if (++written % BATCH == 0) {
                            out.executeBatch();
                        }
                    }
                }
            }
            out.executeBatch();
        }
        return written;
    }

    private ArrayNode normalised(JsonNode identifiers) {
        ArrayNode normal = Json.mapper().createArrayNode();
        Set<JsonNode> seen = new HashSet<>();
        for (JsonNode identifier : identifiers) {
            JsonNode item = identifier;
            if (identifier.isObject() && identifier.path("type").isTextual() && identifier.path("value").isTextual()) {
                Optional<String> value = normal(identifier.get("type").asText(), identifier.get("value").asText(),
                        null);
                if (value.isPresent()) {
                    item = ((ObjectNode) identifier.deepCopy()).put("value", value.get());
                }
            }
            if (seen.add(item)) {
                normal.add(item);
            }
        }
        return normal;
    }

    /**
     * The normal form, or empty when the stored value has none (logged when {@code customerId} is given, so that
     * each bad value is reported once, from the identifier table).
     */
    private Optional<String> normal(String typeName, String value, String customerId) {
        Optional<IdentifierType> type = Arrays.stream(IdentifierType.values())
                .filter(t -> t.name().equals(typeName)).findFirst();
        if (type.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(policy.normalise(type.get(), value));
        } catch (InvalidIdentifierException e) {
            if (customerId != null) {
                LOG.warn("Customer {}: its {} identifier {} cannot be normalised and is left as stored",
                        customerId, typeName, Redacted.value(value));
            }
            return Optional.empty();
        }
    }
}
