package io.chorus.api.constraints;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.FixtureCustomer;
import io.chorus.api.support.RuleSetFolder;
import io.chorus.api.support.StoreRefusal;
import io.chorus.engine.constraints.VolumeConstraint;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.chorus.api.constraints.RetentionOffers.constraint;
import static io.chorus.api.constraints.RetentionOffers.offered;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * While a constraint has plenty left, an instance sets a block of it aside in the store (a lease: two per cent of
 * the limit) and counts its decisions down from it in memory. The store's used and held never pass the limit, what
 * was shown is counted exactly once the lease is settled, an idle or stopped instance gives back what it did not
 * show, and near the limit (the last ten per cent, never leased) two instances still show exactly the limit.
 */
@MicronautTest(transactional = false)
class ConstraintLeasesTest extends ApiTestBase {
    private static final String CONSTRAINTS = """
            constraints:
              # A thousand retention letters a day: an instance leases them twenty at a time.
              - name: retention-letters
                channel: LETTER
                type: RETENTION_OFFER
                period: DAY
                limit: 1000
              # Two hundred retention emails a day, sent from two instances: leases of four until 180 are spoken for.
              - name: retention-emails
                channel: EMAIL
                type: RETENTION_OFFER
                period: DAY
                limit: 200
              # Five hundred retention offers on the website a day, and as many in the app and in the shops.
              - name: web-retention-offers
                channel: WEB
                type: RETENTION_OFFER
                period: DAY
                limit: 500
              - name: app-retention-offers
                channel: APP
                type: RETENTION_OFFER
                period: DAY
                limit: 500
              - name: store-retention-offers
                channel: STORE
                type: RETENTION_OFFER
                period: DAY
                limit: 500
            """;

    @BeforeAll
    void plentyOfRetentionOffersADay() {
        deploy(RuleSetFolder.withConstraints(CONSTRAINTS));
    }

    /** Tom Hargreaves, his contract ending in six weeks' time, as of now, under another id. */
    private static JsonNode offerToATom(Api instance, String customerId, String channel, Instant now) {
        Api.Reply reply = instance.post("/v1/decisions", Api.CHANNEL, FixtureCustomer.decisionRequest(
                FixtureCustomer.movedTo(FixtureCustomer.as("tom-hargreaves", customerId), now), channel, now, false));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }



    /** The store's row for the constraint today: used, then held. */
    private BigDecimal[] stored(String name, LocalDate day) throws SQLException {
        try (Connection db = DriverManager.getConnection(database); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("select used, held from constraint_usage where name = '" + name
                     + "' and period_start = '" + day + "'")) {
            return rs.next() ? new BigDecimal[]{rs.getBigDecimal(1), rs.getBigDecimal(2)}
                    : new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO};
        }
    }

    /** Waits (at most five seconds) until no instance holds anything of the constraint today. */
    private BigDecimal[] onceNothingIsHeld(String name, LocalDate day) throws Exception {
        for (int tries = 0; tries < 50; tries++) {
            BigDecimal[] row = stored(name, day);
            if (row[1].signum() == 0) {
                return row;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " still held after five seconds: " + stored(name, day)[1]);
    }

    @Test
    void aLargeLimitIsServedFromLeasesAndCountedExactlyOnceSettled() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < 50; n++) {
            JsonNode letter = offerToATom(api, "C-1004-L%02d".formatted(n), "LETTER", now);
            assertThat(offered(letter)).isTrue();
            ids.add(letter.get("decisionId").asText());
            BigDecimal[] row = stored("retention-letters", today);
            assertThat(row[0].add(row[1])).as("used and held never pass the limit").isLessThanOrEqualTo(new BigDecimal("1000"));
        }

        JsonNode letters = constraint(api, "retention-letters");
        assertThat(letters.get("used").decimalValue()).as("every letter shown, counted once settled")
                .isEqualByComparingTo("50");
        BigDecimal held = letters.get("held").decimalValue();
        assertThat(held).as("what is left of the blocks of twenty set aside (the next asked for at half)")
                .isPositive().isLessThanOrEqualTo(new BigDecimal("30"));
        assertThat(letters.get("remaining").decimalValue()).isEqualByComparingTo(new BigDecimal(950).subtract(held));
        assertThat(letters.get("limit").decimalValue()).isEqualByComparingTo("1000");
        BigDecimal[] row = stored("retention-letters", today);
        assertThat(row[0]).as("the store counts them too").isEqualByComparingTo("50");

        // Each decision records what its lease had left before it, so a replay decides on the same facts.
        List<Integer> recorded = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(database); Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("select outside -> 'remaining' ->> 'retention-letters' from decision "
                     + "where customer_id like 'C-1004-L%' order by customer_id")) {
            while (rs.next()) {
                recorded.add(Integer.parseInt(rs.getString(1)));
            }
        }
        assertThat(recorded).hasSize(50).allSatisfy(left -> assertThat(left).isBetween(1, 30));
        assertThat(recorded.get(0)).as("the first letter, from a fresh block of twenty").isEqualTo(20);
        for (String id : List.of(ids.get(0), ids.get(19), ids.get(49))) {
            Api.Reply replay = api.post("/v1/decisions/" + id + "/replay", Api.ANALYST, "");
            assertThat(replay.status()).as(replay.toString()).isEqualTo(200);
            assertThat(replay.json().get("identical").asBoolean()).as(replay.toString()).isTrue();
        }
    }

    @Test
    void anIdleLeaseGoesBackToTheStore() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int n = 0; n < 4; n++) {
            assertThat(offered(offerToATom(api, "C-1004-W%d".formatted(n), "WEB", now))).isTrue();
        }
        JsonNode whileLeased = constraint(api, "web-retention-offers");
        assertThat(whileLeased.get("used").decimalValue()).isEqualByComparingTo("4");
        assertThat(whileLeased.get("held").decimalValue()).as("a block of ten, four shown").isEqualByComparingTo("6");
        assertThat(whileLeased.get("remaining").decimalValue()).isEqualByComparingTo("490");

        BigDecimal[] row = onceNothingIsHeld("web-retention-offers", today);
        assertThat(row[0]).isEqualByComparingTo("4");
        JsonNode afterwards = constraint(api, "web-retention-offers");
        assertThat(afterwards.get("held").decimalValue()).isEqualByComparingTo("0");
        assertThat(afterwards.get("remaining").decimalValue()).isEqualByComparingTo("496");
    }

    @Test
    void aDecisionThatCannotBeRecordedGivesItsOfferBackToTheLease() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        for (int n = 0; n < 3; n++) {
            assertThat(offered(offerToATom(api, "C-1004-S%d".formatted(n), "STORE", now))).isTrue();
        }
        StoreRefusal.refuseDecisionsOf(database, "C-1004-SX");
        Api.Reply refused = api.post("/v1/decisions", Api.CHANNEL, FixtureCustomer.decisionRequest(
                FixtureCustomer.movedTo(FixtureCustomer.as("tom-hargreaves", "C-1004-SX"), now), "STORE", now, false));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(500);

        JsonNode offers = constraint(api, "store-retention-offers");
        assertThat(offers.get("used").decimalValue()).as("only the three recorded").isEqualByComparingTo("3");
        // Back in the lease (seven held), or in the store's room where the lease had been settled meanwhile (six).
        assertThat(offers.get("held").decimalValue()).isIn(new BigDecimal("7"), new BigDecimal("6"));
    }

    @Test
    void aStoppedInstanceGivesBackWhatItHeld() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (EmbeddedServer another = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", database, "chorus.rules.source", "STORE"), "test")) {
            Api app = new Api(another.getURI());
            for (int n = 0; n < 5; n++) {
                assertThat(offered(offerToATom(app, "C-1004-A%d".formatted(n), "APP", now))).isTrue();
            }
            BigDecimal[] row = stored("app-retention-offers", today);
            assertThat(row[0].add(row[1])).as("a block of ten set aside").isEqualByComparingTo("10");
        }
        BigDecimal[] row = stored("app-retention-offers", today);
        assertThat(row[0]).as("what it showed, counted").isEqualByComparingTo("5");
        assertThat(row[1]).as("nothing left held").isEqualByComparingTo("0");
        assertThat(constraint(api, "app-retention-offers").get("remaining").decimalValue())
                .isEqualByComparingTo("495");
    }

    @Test
    void twoInstancesLeasingNearTheLimitShowExactlyTheLimit() throws Exception {
        Instant now = FixtureCustomer.nowWellInsideTheDay();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        try (EmbeddedServer second = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "datasources.default.url", database, "chorus.rules.source", "STORE"), "test")) {
            List<Api> instances = List.of(api, new Api(second.getURI()));
            AtomicBoolean sending = new AtomicBoolean(true);
            AtomicReference<BigDecimal> most = new AtomicReference<>(BigDecimal.ZERO);
            AtomicReference<BigDecimal> mostHeld = new AtomicReference<>(BigDecimal.ZERO);
            Thread watcher = new Thread(() -> {
                while (sending.get()) {
                    try {
                        BigDecimal[] row = stored("retention-emails", today);
                        most.accumulateAndGet(row[0].add(row[1]), BigDecimal::max);
                        mostHeld.accumulateAndGet(row[1], BigDecimal::max);
                        Thread.sleep(5);
                    } catch (SQLException | InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.start();

            CountDownLatch start = new CountDownLatch(1);
            List<Future<JsonNode>> answers = new ArrayList<>();
            ExecutorService callers = Executors.newFixedThreadPool(16);
            int shown = 0;
            List<JsonNode> heldBack = new ArrayList<>();
            try {
                for (int n = 0; n < 260; n++) {
                    Api instance = instances.get(n % 2);
                    String customerId = "C-1004-E%03d".formatted(n);
                    answers.add(callers.submit(() -> {
                        start.await();
                        return offerToATom(instance, customerId, "EMAIL", now);
                    }));
                }
                start.countDown();
                for (Future<JsonNode> answer : answers) {
                    JsonNode email = answer.get();
                    if (offered(email)) {
                        shown++;
                    } else {
                        heldBack.add(email);
                    }
                }
            } finally {
                callers.shutdownNow();
                sending.set(false);
                watcher.join();
            }

            assertThat(shown).isEqualTo(200);
            assertThat(heldBack).hasSize(60).allSatisfy(email -> assertThat(email.get("suppressed"))
                    .filteredOn(s -> s.get("type").asText().equals("RETENTION_OFFER"))
                    .singleElement().satisfies(s -> assertThat(s.get("blockedBy").asText())
                            .isEqualTo("constraint:retention-emails")));
            assertThat(most.get()).as("used and held, sampled throughout").isLessThanOrEqualTo(new BigDecimal("200"));
            assertThat(mostHeld.get()).as("leases were taken on the way").isPositive();
            BigDecimal[] row = onceNothingIsHeld("retention-emails", today);
            assertThat(row[0]).isEqualByComparingTo("200");
            for (Api instance : instances) {
                JsonNode emails = constraint(instance, "retention-emails");
                assertThat(emails.get("used").decimalValue()).isEqualByComparingTo("200");
                assertThat(emails.get("remaining").decimalValue()).isEqualByComparingTo("0");
            }
        }
    }

    @Test
    void smallLimitsAreNeverLeasedAndLargeOnesInBlocksOfTwoPerCent() {
        ConstraintLeases leases = new ConstraintLeases(null, new BigDecimal("0.02"), new BigDecimal("0.10"),
                c -> LocalDate.of(2026, 5, 20));
        assertThat(leases.block(count(10))).as("ten letters a day").isEqualByComparingTo("0");
        assertThat(leases.block(count(50))).as("one letter would be a lease of one").isEqualByComparingTo("0");
        assertThat(leases.block(budget("0.80", "6.40"))).as("eight emails' postage").isEqualByComparingTo("0");
        assertThat(leases.block(count(200))).isEqualByComparingTo("4");
        assertThat(leases.ceiling(count(200))).as("the last twenty taken one by one").isEqualByComparingTo("180");
        assertThat(leases.block(count(400))).isEqualByComparingTo("8");
        assertThat(leases.block(budget("35.00", "7000.00"))).as("four reviews' time").isEqualByComparingTo("140.00");
        assertThat(leases.block(budget("1.10", "1000.00"))).as("whole letters' postage: eighteen")
                .isEqualByComparingTo("19.80");
    }

    @Test
    void aLeaseShareThatIsNotOneStopsTheServiceNamingTheSetting() {
        assertThatThrownBy(() -> new VolumeLimits(null, "UTC", "2%", "0.10"))
                .isInstanceOf(io.micronaut.context.exceptions.ConfigurationException.class)
                .hasMessageContaining("chorus.constraints.lease-fraction").hasMessageContaining("\"2%\"");
        assertThatThrownBy(() -> new VolumeLimits(null, "UTC", "0.02", "1.5"))
                .isInstanceOf(io.micronaut.context.exceptions.ConfigurationException.class)
                .hasMessageContaining("chorus.constraints.lease-reserve");
    }

    private static VolumeConstraint count(int limit) {
        return new VolumeConstraint("letters", null, null, null, VolumeConstraint.Period.DAY, BigDecimal.valueOf(limit),
                null, null);
    }

    private static VolumeConstraint budget(String cost, String budget) {
        return new VolumeConstraint("postage", null, null, null, VolumeConstraint.Period.DAY, null,
                new BigDecimal(cost), new BigDecimal(budget));
    }
}
