package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.storage.SchemaMigrations;
import io.chorus.engine.context.ContactOutcome;
import io.chorus.engine.context.ContactRecord;
import io.chorus.engine.context.ContextJson;
import io.chorus.engine.context.CustomerContext;
import io.chorus.engine.decision.Decision;
import io.chorus.engine.decision.DecisionRequest;
import io.chorus.engine.context.Channel;
import io.chorus.engine.json.Json;
import io.chorus.engine.rules.RuleSet;
import io.chorus.engine.rules.RuleSetLoader;
import io.chorus.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A planner's outbound run from the command line: the files it writes, its errors, and its commit to the store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboundCommandTest {
    private static final Path RULES = Path.of("..", "rules").toAbsolutePath().normalize();
    private static final String AS_OF = "2026-05-20T10:00:00Z";

    @TempDir
    static Path dir;

    private Path population;
    private Path rules;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run chorus(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Chorus.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    /** 600 generated customers; the rules with tight limits, so constraints bind on so few. */
    @BeforeAll
    void populationAndRules() throws IOException {
        population = dir.resolve("population.jsonl");
        Run generated = chorus("population", "generate", "--size", "600", "--seed", "5", "--as-of", AS_OF, "--out",
                population.toString(), "--progress", "NONE");
        assertThat(generated.exitCode()).as(generated.err()).isZero();
        rules = dir.resolve("rules");
        try (Stream<Path> files = Files.walk(RULES)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = rules.resolve(RULES.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Path constraints = rules.resolve("constraints.yaml");
        String yaml = Files.readString(constraints);
        assertThat(yaml).contains("limit: 400", "budget: 7000.00");
        Files.writeString(constraints, yaml.replace("limit: 400", "limit: 6").replace("budget: 7000.00", "budget: 105.00"));
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            lines.add(Json.mapper().readTree(line));
        }
        return lines;
    }

    @Test
    void writesTheActionsToSendAndASummaryWithinTheLimits() throws IOException {
        Path out = dir.resolve("send.jsonl");
        Path json = dir.resolve("summary.json");
        Path html = dir.resolve("summary.html");

        Run run = chorus("outbound", "run", "--population", population.toString(), "--channel", "LETTER",
                "--channel", "EMAIL", "--as-of", AS_OF, "--rules", rules.toString(), "--out", out.toString(),
                "--json", json.toString(), "--report", html.toString(), "--progress", "NONE");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> sent = lines(out);
        assertThat(sent).isNotEmpty();
        Set<String> perCustomerAndChannel = new HashSet<>();
        int retentionLetters = 0;
        int reviews = 0;
        for (JsonNode line : sent) {
            assertThat(line.properties()).extracting(Map.Entry::getKey)
                    .containsExactly("customerId", "channel", "actionId", "type", "key", "priority");
            assertThat(line.get("channel").asText()).isIn("LETTER", "EMAIL");
            assertThat(line.get("actionId").asText()).startsWith("A-");
            assertThat(line.get("priority").asDouble()).isPositive();
            assertThat(perCustomerAndChannel.add(line.get("customerId").asText() + "/" + line.get("channel").asText()))
                    .as("one action per customer and channel").isTrue();
            if (line.get("channel").asText().equals("LETTER") && line.get("type").asText().equals("RETENTION_OFFER")) {
                retentionLetters++;
            }
            if (line.get("key").asText().equals("retention:BUSINESS_ACCOUNT_REVIEW")) {
                reviews++;
            }
        }
        assertThat(retentionLetters).isLessThanOrEqualTo(6);
        assertThat(reviews * 35).isLessThanOrEqualTo(105);

        JsonNode summary = Json.mapper().readTree(json.toFile());
        assertThat(summary.get("customers").asLong()).isEqualTo(600);
        assertThat(summary.get("actionsChosen").asLong()).isEqualTo(sent.size());
        double total = summary.get("totalPriority").asDouble();
        double bound = summary.get("upperBound").asDouble();
        double lineTotal = sent.stream().mapToDouble(l -> l.get("priority").asDouble()).sum();
        assertThat(total).isCloseTo(lineTotal, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(total).isLessThanOrEqualTo(bound + 1e-4)
                .isGreaterThanOrEqualTo(summary.get("greedyPriority").asDouble());
        assertThat(summary.get("gap").asDouble()).isBetween(0.0, 0.05);
        Map<String, JsonNode> constraints = new HashMap<>();
        summary.get("constraints").forEach(c -> constraints.put(c.get("name").asText(), c));
        assertThat(constraints).containsOnlyKeys("retention-letters", "business-account-reviews");
        JsonNode letters = constraints.get("retention-letters");
        assertThat(letters.get("limit").decimalValue()).isEqualByComparingTo("6");
        assertThat(letters.get("used").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(retentionLetters));
        // 600 customers have more than six retention offers to post: the limit holds some back.
        assertThat(retentionLetters).isEqualTo(6);
        assertThat(letters.get("customersHeldBack").asLong()).isPositive();
        assertThat(constraints.get("business-account-reviews").get("used").decimalValue())
                .isEqualByComparingTo(BigDecimal.valueOf(reviews * 35L));
        assertThat(run.out()).contains("retention-letters", "upper bound", "gap");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("retention-letters");
    }

    @Test
    void anUnknownChannelIsACommandLineError() {
        Run run = chorus("outbound", "run", "--population", population.toString(), "--channel", "PIGEON",
                "--as-of", AS_OF, "--out", dir.resolve("x.jsonl").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--channel", "PIGEON", "LETTER");
    }

    @Test
    void aChannelTheCustomerCameToUsOnIsNotOutbound() {
        Path out = dir.resolve("call-centre.jsonl");
        Run run = chorus("outbound", "run", "--population", population.toString(), "--channel", "EMAIL",
                "--channel", "CALL_CENTER", "--as-of", AS_OF, "--rules", rules.toString(), "--out", out.toString(),
                "--progress", "NONE");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("CALL_CENTER is not an outbound channel", "channels.drl.csv");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBadRecordStopsTheRunAtItsLineUnlessSkipped() throws IOException {
        List<String> good = Files.readAllLines(population).subList(0, 20);
        List<String> mixed = new ArrayList<>(good.subList(0, 10));
        mixed.add("{\"customerId\": \"C-broken\", \"segment\": ");
        mixed.addAll(good.subList(10, 20));
        Path file = dir.resolve("mixed.jsonl");
        Files.write(file, mixed);
        Path out = dir.resolve("mixed-out.jsonl");

        Run strict = chorus("outbound", "run", "--population", file.toString(), "--channel", "EMAIL", "--as-of", AS_OF,
                "--rules", rules.toString(), "--out", out.toString(), "--progress", "NONE");
        assertThat(strict.exitCode()).isEqualTo(1);
        assertThat(strict.err()).contains(file + ":11: malformed JSON", "--skip-bad");
        assertThat(out).doesNotExist();

        Path json = dir.resolve("mixed.json");
        Run skipping = chorus("outbound", "run", "--population", file.toString(), "--channel", "EMAIL", "--as-of",
                AS_OF, "--rules", rules.toString(), "--out", out.toString(), "--json", json.toString(), "--skip-bad",
                "--progress", "NONE");
        assertThat(skipping.exitCode()).as(skipping.err()).isZero();
        JsonNode summary = Json.mapper().readTree(json.toFile());
        assertThat(summary.get("badLines").asLong()).isEqualTo(1);
        assertThat(summary.get("customers").asLong()).isEqualTo(20);
    }

    @Test
    void aMissingPopulationOrStoreIsSaidPlainly() {
        Run missing = chorus("outbound", "run", "--population", dir.resolve("nowhere.jsonl").toString(), "--channel",
                "EMAIL", "--as-of", AS_OF, "--rules", rules.toString(), "--out", dir.resolve("n.jsonl").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nowhere.jsonl: no such file");

        Run noAsOf = chorus("outbound", "run", "--population", population.toString(), "--channel", "EMAIL",
                "--out", dir.resolve("n.jsonl").toString());
        assertThat(noAsOf.exitCode()).isEqualTo(2);
        assertThat(noAsOf.err()).contains("--as-of");
    }

    @Test
    void commitRecordsTheContactsSentAndTheContactPolicySeesThem() throws Exception {
        String url = TestDatabase.get().newDatabase();
        SchemaMigrations.migrate(url);
        Map<String, String> contexts = new HashMap<>();
        try (Connection db = DriverManager.getConnection(url)) {
            try (PreparedStatement insert = db.prepareStatement(
                    "insert into customer_context (customer_id, context) values (?, ?)")) {
                for (String line : Files.readAllLines(population)) {
                    CustomerContext context = ContextJson.parse(line);
                    contexts.put(context.customerId(), line);
                    insert.setString(1, context.customerId());
                    insert.setString(2, line);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            // The service already posted two retention letters today: the run has four left.
            try (Statement s = db.createStatement()) {
                s.execute("insert into constraint_usage (name, period_start, used) values ('retention-letters', '2026-05-20', 2)");
            }
        }
        Path out = dir.resolve("committed.jsonl");
        Path json = dir.resolve("committed.json");
        String[] args = {"outbound", "run", "--from-db", "--db-url", url, "--channel", "LETTER", "--channel", "EMAIL",
                "--as-of", AS_OF, "--rules", rules.toString(), "--out", out.toString(), "--json", json.toString(),
                "--commit", "--progress", "NONE"};

        Run run = chorus(args);

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> sent = lines(out);
        JsonNode summary = Json.mapper().readTree(json.toFile());
        JsonNode committed = summary.get("committed");
        assertThat(committed.get("runId").asText()).startsWith("run-");
        // Deciding every channel as of the same moment, six customers are planned a retention offer by letter and
        // by e-mail; recorded channel after channel, the contact policy (one in 30 days) holds the e-mail back.
        Map<String, Long> retentionOffers = new HashMap<>();
        sent.stream().filter(l -> l.get("type").asText().equals("RETENTION_OFFER"))
                .forEach(l -> retentionOffers.merge(l.get("customerId").asText(), 1L, Long::sum));
        long planned = retentionOffers.values().stream().filter(n -> n > 1).count();
        assertThat(planned).isPositive();
        assertThat(committed.get("notSent").asLong()).isEqualTo(planned);
        assertThat(committed.get("contactsSent").asLong()).isEqualTo(sent.size() - planned);
        assertThat(committed.get("alreadyCommitted").asLong()).isZero();
        long retentionLetters = sent.stream().filter(l -> l.get("channel").asText().equals("LETTER")
                && l.get("type").asText().equals("RETENTION_OFFER")).count();
        assertThat(retentionLetters).isEqualTo(4);

        try (Connection db = DriverManager.getConnection(url)) {
            assertThat(count(db, "select count(*) from decision_outcome where outcome = 'SENT'"))
                    .isEqualTo(committed.get("contactsSent").asLong());
            assertThat(count(db, "select count(*) from decision where decision_id like 'outbound:run-%'"))
                    .isEqualTo(committed.get("decisionsWritten").asLong());
            assertThat(decimal(db, "select used from constraint_usage where name = 'retention-letters'"))
                    .isEqualByComparingTo("6");
            assertThat(count(db, TWO_RETENTION_OFFERS)).isZero();

            // A customer posted a retention offer: the contact is in their history, and the next decision (the
            // service's, an hour later, by e-mail) holds any retention offer back under the contact policy.
            JsonNode letter = sent.stream().filter(l -> l.get("channel").asText().equals("LETTER")
                    && l.get("type").asText().equals("RETENTION_OFFER")).findFirst().orElseThrow();
            String customerId = letter.get("customerId").asText();
            CustomerContext stored = ContextJson.parseStored(text(db, "select context::text from customer_context"
                    + " where customer_id = '" + customerId + "'"));
            assertThat(stored.contactHistory()).anySatisfy(c -> {
                assertThat(c.outcome()).isEqualTo(ContactOutcome.SENT);
                assertThat(c.actionId()).isEqualTo(letter.get("actionId").asText());
                assertThat(c.channel()).isEqualTo(Channel.LETTER);
            });
            RuleSet ruleSet = RuleSetLoader.load(rules).orElseThrow();
            Instant later = Instant.parse(AS_OF).plus(Duration.ofHours(1));
            Decision before = ruleSet.decide(new DecisionRequest(ContextJson.parse(contexts.get(customerId)),
                    Channel.LETTER, later));
            Decision after = ruleSet.decide(new DecisionRequest(stored, Channel.LETTER, later));
            assertThat(before.actions()).anyMatch(a -> a.actionId().equals(letter.get("actionId").asText()));
            assertThat(after.actions()).noneMatch(a -> a.actionId().equals(letter.get("actionId").asText()));
            assertThat(after.suppressed()).anyMatch(s -> s.actionId().equals(letter.get("actionId").asText())
                    && s.blockedBy().equals("At most one retention offer in 30 days"));

            // The same run committed again sends nothing twice and counts nothing twice. (A customer whose
            // e-mail was held back may now be sent another action by e-mail: that is a new send, not a repeat.)
            Run again = chorus(args);
            assertThat(again.exitCode()).as(again.err()).isZero();
            JsonNode second = Json.mapper().readTree(json.toFile()).get("committed");
            assertThat(second.get("runId").asText()).isEqualTo(committed.get("runId").asText());
            assertThat(second.get("alreadyCommitted").asLong()).isPositive();
            assertThat(count(db, "select count(*) from (select d.customer_id, o.channel, o.action_id"
                    + " from decision_outcome o join decision d using (decision_id)"
                    + " group by 1, 2, 3 having count(*) > 1) repeated")).isZero();
            assertThat(count(db, "select count(*) from decision_outcome where outcome = 'SENT'"))
                    .isEqualTo(committed.get("contactsSent").asLong() + second.get("contactsSent").asLong());
            assertThat(decimal(db, "select used from constraint_usage where name = 'retention-letters'"))
                    .isEqualByComparingTo("6");
            assertThat(count(db, TWO_RETENTION_OFFERS)).isZero();
        }
    }

    private static final String TWO_RETENTION_OFFERS = "select count(*) from (select d.customer_id"
            + " from decision_outcome o join decision d using (decision_id) where o.action_type = 'RETENTION_OFFER'"
            + " group by 1 having count(*) > 1) twice";

    private static long count(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static BigDecimal decimal(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static String text(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
