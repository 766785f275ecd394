package io.chorus.api.events;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.connection.annotation.Connectable;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    /** One event to keep: its id, customer, type, moment and JSON as sent. */
    public record NewEvent(String eventId, String customerId, String type, Instant at, String bodyJson) {
    }

    /**
     * Keeps each event whose id was not seen before, in one statement; answers the ids kept. An id twice in
     * {@code batch} is kept once, the first time.
     */
    public Set<String> insertAllIfNew(List<NewEvent> batch) {
        return jdbc.prepareStatement("insert into customer_event (event_id, customer_id, event_type, occurred_at, "
                + "body) select e, c, t, cast(o as timestamptz), cast(b as jsonb) "
                + "from unnest(?, ?, ?, ?, ?) as u(e, c, t, o, b) on conflict (event_id) do nothing returning event_id",
                ps -> {
                    var connection = ps.getConnection();
                    ps.setArray(1, connection.createArrayOf("text", batch.stream().map(NewEvent::eventId).toArray()));
                    ps.setArray(2, connection.createArrayOf("text", batch.stream().map(NewEvent::customerId).toArray()));
                    ps.setArray(3, connection.createArrayOf("text", batch.stream().map(NewEvent::type).toArray()));
                    ps.setArray(4, connection.createArrayOf("text",
                            batch.stream().map(e -> e.at().toString()).toArray()));
                    ps.setArray(5, connection.createArrayOf("text", batch.stream().map(NewEvent::bodyJson).toArray()));
                    Set<String> kept = new HashSet<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            kept.add(rs.getString(1));
                        }
                    }
                    return kept;
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
