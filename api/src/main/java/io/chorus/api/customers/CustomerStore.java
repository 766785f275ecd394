package io.chorus.api.customers;

import io.chorus.engine.context.Identifier;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code customer_context} and {@code customer_identifier}: the current state of each customer. Identifiers come
 * in and are stored already normalised ({@code IdentifierPolicy}); this class compares them exactly.
 */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class CustomerStore {
    private static final String SELECT_ROW = "select c.customer_id, c.context, c.updated_at, c.version "
            + "from customer_context c ";

    private final JdbcOperations jdbc;

    public CustomerStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<CustomerRow> findById(String customerId) {
        return jdbc.prepareStatement(SELECT_ROW + "where c.customer_id = ?", ps -> {
            ps.setString(1, customerId);
            return single(ps);
        });
    }

    /** Any identifier of the customer, in the same single round trip as a lookup by id. */
    public Optional<CustomerRow> findByIdentifier(Identifier identifier) {
        return jdbc.prepareStatement(SELECT_ROW + "join customer_identifier i on i.customer_id = c.customer_id "
                + "where i.identifier_type = ? and i.identifier_value = ?", ps -> {
            ps.setString(1, identifier.type().name());
            ps.setString(2, identifier.value());
            return single(ps);
        });
    }

    public Optional<String> customerIdOf(Identifier identifier) {
        return jdbc.prepareStatement("select customer_id from customer_identifier "
                + "where identifier_type = ? and identifier_value = ?", ps -> {
            ps.setString(1, identifier.type().name());
            ps.setString(2, identifier.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }

    public boolean exists(String customerId) {
        return jdbc.prepareStatement("select 1 from customer_context where customer_id = ?", ps -> {
            ps.setString(1, customerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        });
    }

    /** Those of {@code customerIds} that are stored: one query for a batch of events. */
    public Set<String> existing(Collection<String> customerIds) {
        return jdbc.prepareStatement("select customer_id from customer_context where customer_id = any (?)", ps -> {
            ps.setArray(1, ps.getConnection().createArrayOf("text", customerIds.toArray()));
            Set<String> found = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        });
    }

    /**
     * Locks the customers' rows for the rest of the transaction, in id order so that two batches touching the
     * same customers cannot deadlock. Customers that do not exist are simply missing from the result.
     */
    public Map<String, CustomerRow> lockForUpdate(Collection<String> customerIds) {
        return jdbc.prepareStatement(SELECT_ROW + "where c.customer_id = any (?) order by c.customer_id for update",
                ps -> {
                    Array ids = ps.getConnection().createArrayOf("text", customerIds.toArray());
                    ps.setArray(1, ids);
                    Map<String, CustomerRow> rows = new LinkedHashMap<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            CustomerRow row = row(rs);
                            rows.put(row.customerId(), row);
                        }
                    }
                    return rows;
                });
    }

    /** Creates or replaces the document; true when the customer is new. */
    public boolean upsert(String customerId, String contextJson) {
        return jdbc.prepareStatement("insert into customer_context (customer_id, context, updated_at) "
                + "values (?, ?, now()) on conflict (customer_id) do update "
                + "set context = excluded.context, updated_at = excluded.updated_at "
                + "returning (xmax = 0) as inserted", ps -> {
            ps.setString(1, customerId);
            ps.setString(2, contextJson);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        });
    }

    /** Inserts the document only if the customer is not stored yet; true when it was inserted. */
    public boolean insertIfAbsent(String customerId, String contextJson) {
        return jdbc.prepareStatement("insert into customer_context (customer_id, context, updated_at) "
                + "values (?, ?, now()) on conflict (customer_id) do nothing", ps -> {
            ps.setString(1, customerId);
            ps.setString(2, contextJson);
            return ps.executeUpdate() == 1;
        });
    }

    /** Replaces each customer's document, in one round trip (customer id to context JSON). */
    public void updateAll(Map<String, String> contexts) {
        if (contexts.isEmpty()) {
            return;
        }
        jdbc.prepareStatement("update customer_context set context = ?, updated_at = now() "
                + "where customer_id = ?", ps -> {
            for (Map.Entry<String, String> e : contexts.entrySet()) {
                ps.setString(1, e.getValue());
                ps.setString(2, e.getKey());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
    }

    /** A context to write where the stored one is still the version it was made from. */
    public record Replacing(long version, String contextJson) {
    }

    /**
     * Writes each context where the stored one is still the version it was made from, in id order (as every writer of
     * customers locks them); returns the ids written. The others changed meanwhile: read them again under a lock.
     */
    public Set<String> updateWhereStillAt(Map<String, Replacing> contexts) {
        if (contexts.isEmpty()) {
            return Set.of();
        }
        List<String> ids = new ArrayList<>(new TreeMap<>(contexts).keySet());
        int[] counts = jdbc.prepareStatement("update customer_context set context = ?, "
                + "updated_at = now() where customer_id = ? and version = ?", ps -> {
            for (String id : ids) {
                Replacing replacing = contexts.get(id);
                ps.setString(1, replacing.contextJson());
                ps.setString(2, id);
                ps.setLong(3, replacing.version());
                ps.addBatch();
            }
            return ps.executeBatch();
        });
        Set<String> written = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] > 0) {
                written.add(ids.get(i));
            }
        }
        return written;
    }

    public void update(String customerId, String contextJson) {
        jdbc.prepareStatement("update customer_context set context = ?, updated_at = now() "
                + "where customer_id = ?", ps -> {
            ps.setString(1, contextJson);
            ps.setString(2, customerId);
            return ps.executeUpdate();
        });
    }

    /** The identifiers among {@code identifiers} that already belong to someone other than the customer. */
    public Map<Identifier, String> ownedByOthers(String customerId, List<Identifier> identifiers) {
        Map<Identifier, String> owners = new LinkedHashMap<>();
        if (identifiers.isEmpty()) {
            return owners;
        }
        jdbc.prepareStatement("select identifier_type, identifier_value, customer_id from customer_identifier "
                + "where identifier_type = ? and identifier_value = ? and customer_id <> ?", ps -> {
            for (Identifier identifier : identifiers) {
                ps.setString(1, identifier.type().name());
                ps.setString(2, identifier.value());
                ps.setString(3, customerId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        owners.put(identifier, rs.getString(3));
                    }
                }
            }
            return null;
        });
        return owners;
    }

    /**
     * Makes {@code identifiers} (distinct, normalised) the customer's own. Answers those another customer holds
     * already: that only happens when a concurrent profile claimed one after {@link #ownedByOthers} was asked.
     * Inserted in one order, so that two profiles claiming the same identifiers wait for each other, never deadlock.
     */
    public List<Identifier> replaceIdentifiers(String customerId, List<Identifier> given) {
        jdbc.prepareStatement("delete from customer_identifier where customer_id = ?", ps -> {
            ps.setString(1, customerId);
            return ps.executeUpdate();
        });
        if (given.isEmpty()) {
            return List.of();
        }
        List<Identifier> identifiers = given.stream()
                .sorted(Comparator.comparing(Identifier::type).thenComparing(Identifier::value)).toList();
        int[] inserted = jdbc.prepareStatement("insert into customer_identifier (identifier_type, identifier_value, "
                + "customer_id) values (?, ?, ?) on conflict do nothing", ps -> {
            for (Identifier identifier : identifiers) {
                ps.setString(1, identifier.type().name());
                ps.setString(2, identifier.value());
                ps.setString(3, customerId);
                ps.addBatch();
            }
            return ps.executeBatch();
        });
        List<Identifier> held = new ArrayList<>();
        for (int i = 0; i < inserted.length; i++) {
            if (inserted[i] == 0) {
                held.add(identifiers.get(i));
            }
        }
        return held;
    }

    private static Optional<CustomerRow> single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static CustomerRow row(ResultSet rs) throws SQLException {
        Timestamp updated = rs.getTimestamp(3);
        return new CustomerRow(rs.getString(1), rs.getString(2), updated == null ? null : updated.toInstant(),
                rs.getLong(4));
    }
}
