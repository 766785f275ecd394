package io.chorus.api.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Makes the store refuse one customer's decisions, as it would a row it cannot take, to see what else survives. */
public final class StoreRefusal {
    private StoreRefusal() {
    }

    public static void refuseDecisionsOf(String database, String customerId) throws SQLException {
        String name = "refuse_" + customerId.toLowerCase().replaceAll("[^a-z0-9]", "_");
        try (Connection connection = DriverManager.getConnection(database);
             Statement sql = connection.createStatement()) {
            sql.execute("create function " + name + "() returns trigger language plpgsql as $$ "
                    + "begin raise exception 'decision refused for the test'; end $$");
            sql.execute("create trigger " + name + " before insert on decision for each row "
                    + "when (new.customer_id = '" + customerId + "') execute function " + name + "()");
        }
    }
}
