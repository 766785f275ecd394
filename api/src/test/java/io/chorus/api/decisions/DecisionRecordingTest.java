package io.chorus.api.decisions;

import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.FixtureCustomer;
import io.chorus.api.support.StoreRefusal;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions made at the same moment share a commit; one the store refuses must fail alone, and every other
 * decision that shared its commit is still recorded and answered.
 */
@MicronautTest(transactional = false)
class DecisionRecordingTest extends ApiTestBase {
    private static final String REFUSED = "C-REFUSED";

    @Test
    void aDecisionTheStoreRefusesFailsAloneNotTheDecisionsCommittedWithIt() throws Exception {
        StoreRefusal.refuseDecisionsOf(database, REFUSED);
        List<String> customers = new ArrayList<>();
        for (int i = 1; i <= 31; i++) {
            customers.add(i == 16 ? REFUSED : "C-WEB-" + i);
        }

        ExecutorService callers = Executors.newFixedThreadPool(32);
        Map<String, Integer> statuses;
        try {
            List<Callable<Map.Entry<String, Integer>>> calls = customers.stream()
                    .<Callable<Map.Entry<String, Integer>>>map(id -> () -> Map.entry(id, api.post("/v1/decisions",
                            Api.CHANNEL, FixtureCustomer.decisionRequest(FixtureCustomer.as("sam-rivers", id), "WEB",
                                    FixtureCustomer.FIXTURE_MOMENT, false)).status()))
                    .toList();
            statuses = new java.util.TreeMap<>();
            for (Future<Map.Entry<String, Integer>> f : callers.invokeAll(calls)) {
                statuses.put(f.get().getKey(), f.get().getValue());
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(statuses.get(REFUSED)).isEqualTo(500);
        assertThat(statuses.entrySet().stream().filter(e -> !e.getKey().equals(REFUSED))
                .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting())))
                .as("every other decision answered").isEqualTo(Map.of(200, 30L));
        assertThat(recordedDecisions()).isEqualTo(30);
    }

    private long recordedDecisions() throws SQLException {
        try (Connection connection = DriverManager.getConnection(database);
             Statement sql = connection.createStatement();
             var rs = sql.executeQuery("select count(*) from decision")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
