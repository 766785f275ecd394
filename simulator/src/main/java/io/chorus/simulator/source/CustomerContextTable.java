package io.chorus.simulator.source;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Predicate;

/**
 * The service's store, table {@code customer_context(customer_id text primary key, context text not null,
 * updated_at timestamptz)} (context was jsonb before the service's migration V10; both read alike), read with a
 * server-side cursor: PostgreSQL only streams rows in batches when autocommit is off and a fetch size is set;
 * otherwise the driver loads the whole table into memory.
 * A bad row is reported as {@code customer_context:<customer_id>: message}.
 */
public final class CustomerContextTable implements PopulationSource {
    static final String TABLE = "customer_context";
    private static final int FETCH_SIZE = 1000;

    private final String url;
    private long rows;

    public CustomerContextTable(String url) throws SQLException {
        this.url = url;
        try (Connection connection = DriverManager.getConnection(url);
             Statement count = connection.createStatement();
             ResultSet result = count.executeQuery("select count(*) from " + TABLE)) {
            result.next();
            rows = result.getLong(1);
        }
    }

    @Override
    public String name() {
        return TABLE;
    }

    @Override
    public long totalWeight() {
        return rows;
    }

    @Override
    public long weight(PopulationLine line) {
        return 1;
    }

    @Override
    public void read(Predicate<PopulationLine> sink) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (PreparedStatement query = connection.prepareStatement(
                    "select customer_id, context::text from " + TABLE + " order by customer_id")) {
                query.setFetchSize(FETCH_SIZE);
                try (ResultSet result = query.executeQuery()) {
                    long ordinal = 0;
                    while (result.next()) {
                        String customerId = result.getString(1);
                        byte[] json = result.getString(2).getBytes(StandardCharsets.UTF_8);
                        if (!sink.test(new PopulationLine(TABLE + ":" + customerId, 0, ordinal, json))) {
                            break;
                        }
                        ordinal++;
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }
}
