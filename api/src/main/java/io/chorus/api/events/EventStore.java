package io.chorus.api.events;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** {@code customer_event}: append-only, unique on event_id. */
/* Each call borrows a pooled connection, or joins the caller's transaction. */
@Connectable
@Singleton
public class EventStore {
    private final JdbcOperations jdbc;

    public EventStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Keeps the event unless its id was seen before; true when it is new. ON CONFLICT DO NOTHING, not a caught
     * unique violation, because PostgreSQL aborts the whole transaction on the latter.
     */
    public boolean insertIfNew(String eventId, String customerId, String type, Instant at, String bodyJson) {
        return jdbc.prepareStatement("insert into customer_event (event_id, customer_id, event_type, occurred_at, "
                + "body) values (?, ?, ?, ?, cast(? as jsonb)) on conflict (event_id) do nothing", ps -> {
            ps.setString(1, eventId);
            ps.setString(2, customerId);
            ps.setString(3, type);
            ps.setTimestamp(4, Timestamp.from(at));
            ps.setString(5, bodyJson);
            return ps.executeUpdate() == 1;
        });
    }

    /** The event kept under {@code eventId}, as it was sent, to tell a repeat from a reuse of the id. */
    public Optional<String> body(String eventId) {
        return jdbc.prepareStatement("select body::text from customer_event where event_id = ?", ps -> {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }
}
