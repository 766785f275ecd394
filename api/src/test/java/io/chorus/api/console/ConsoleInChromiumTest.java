package io.chorus.api.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.Chromium;
import io.chorus.api.support.RuleSetFolder;
import io.chorus.api.support.SeedStory;
import io.chorus.engine.json.Json;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console at /console in headless Chromium, under its own content security policy, as an agent and an analyst
 * use it: keyboard sign-in, the seed customer found by a social handle and shown on every channel, an outcome
 * recorded, the analyst's screen refused to a CHANNEL key and shown to an ANALYST key, with a failed load's file and
 * line. Screenshots land in target/console-screenshots. Tagged {@code browser} (mvn -B verify -Pbrowser); needs
 * Chromium (or CHROMIUM_BIN) and fails without it.
 */
@Tag("browser")
@MicronautTest
class ConsoleInChromiumTest extends ApiTestBase {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String BROKEN_RULE = """

            rule "Broken for the console"
            when
                Subscription( status == SubscriptionStatus.REMOVD )
            then
            end
            """;

    @TempDir
    Path dir;
    private Path rulesDir;
    private Chromium chromium;

    @Override
    protected Map<String, String> moreProperties() {
        try {
            rulesDir = Files.createTempDirectory("chorus-console-rules");
            Path source = SeedStory.seedCustomerFile().getParent().getParent();
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path target = rulesDir.resolve(source.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("chorus.rules.dir", rulesDir.toString());
    }

    /** The seed customer as SeedStoriesTest stores them: the profile, then every event of both stories. */
    @BeforeAll
    void storeTheSeedCustomer() {
        Api start = new Api(server.getURI());
        assertThat(start.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
        Api.Reply events = start.post("/v1/events", Api.RECORDER, "[" + String.join(",", SeedStory.EVENTS) + "]");
        assertThat(events.status()).as(events.toString()).isEqualTo(200);
        Api.Reply decided = start.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("CALL_CENTER"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
    }

    @BeforeEach
    void openChromium() throws Exception {
        chromium = Chromium.start(dir, 1500, 1000);
    }

    @AfterEach
    void closeChromium() throws Exception {
        chromium.close();
    }

    @AfterAll
    void removeRules() throws IOException {
        try (Stream<Path> files = Files.walk(rulesDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void anAgentFindsTheSeedCustomerByHandleAndSeesEveryChannelSideBySide() throws Exception {
        chromium.open(url("/console"));
        assertThat(chromium.text("document.querySelector('label[for=\"api-key\"]').textContent")).isEqualTo("API key");
        assertThat(chromium.text("document.querySelector('#api-key').labels[0].textContent")).isEqualTo("API key");

        signIn("not-a-key-the-service-knows-0000000000");
        chromium.waitFor("!document.getElementById('problem').hidden");
        assertThat(chromium.text("document.getElementById('problem').textContent"))
                .contains("does not know this key");
        assertThat(chromium.evaluate("sessionStorage.length").asInt()).isZero();

        signIn(Api.CHANNEL);
        chromium.waitFor("!document.getElementById('customer-view').hidden");
        assertThat(chromium.text("document.activeElement.id")).isEqualTo("identifier");
        assertThat(chromium.text("document.activeElement.labels[0].textContent")).isEqualTo("Identifier");
        chromium.type("@samrivers");
        chromium.tab();
        assertThat(chromium.text("document.activeElement.id")).isEqualTo("as-of");
        chromium.type(SeedStory.DECIDE_AT);
        chromium.enter();
        chromium.waitFor("document.querySelectorAll('.channel').length === 8"
                + " && !document.getElementById('customer').hasAttribute('aria-busy')");

        assertThat(chromium.text("document.getElementById('customer-name').textContent")).isEqualTo("Sam Rivers");
        for (String channel : List.of("STORE", "CALL_CENTER", "WEB")) {
            assertThat(chromium.text(column(channel) + ".querySelector('li.action[data-type=\"CREDIT\"][data-key]')"
                    + " && [..." + column(channel) + ".querySelectorAll('li.action[data-type=\"CREDIT\"] .amount')]"
                    + ".map(e => e.textContent).join(' ')"))
                    .as(channel).contains("12.50", "19.98");
            assertThat(chromium.text(column(channel) + ".querySelector('.owed-here').textContent"))
                    .as(channel).contains("12.50");
        }
        String letterSuppressed = chromium.text(column("LETTER")
                + ".querySelector('li.blocked[data-type=\"RETENTION_OFFER\"]').textContent");
        assertThat(letterSuppressed).contains("Blocked by No retention offer to a growing account",
                "The account is growing");
        assertThat(chromium.text(column("LETTER") + ".querySelector('.not-shown').textContent"))
                .contains("cannot present a GUIDANCE action");
        assertThat(chromium.text(column("CALL_CENTER") + ".querySelector('li.action .reasons').textContent"))
                .as("an action's reasons: the rules that proposed it and set its priority").isNotBlank();
        assertThat(chromium.text("document.querySelector('.owed').textContent")).contains("32.48", "12.50", "19.98");
        assertThat(chromium.text("document.querySelector('.story').textContent"))
                .contains("2026-03-10 STORE: contract renewed", "Complained on Twitter");
        assertThat(chromium.evaluate("document.querySelectorAll('table.decisions tbody tr').length").asInt())
                .as("the decision recorded before, and none for the previews").isEqualTo(1);
        chromium.screenshotOfWindow(SCREENSHOTS.resolve("agent-seed-customer-first-screen.png"));
        chromium.screenshot(SCREENSHOTS.resolve("agent-seed-customer.png"));
        chromium.click(".section-head button");
        assertThat(chromium.evaluate("[...document.querySelectorAll('.channels details')].every(d => d.open)").asBoolean())
                .as("every explanation opened by the one button").isTrue();
        chromium.click(".section-head button");

        // Record ACCEPTED for the credit of the recorded call-centre decision, from the keyboard.
        chromium.evaluate("(() => { const s = document.querySelector('form.outcome select[name=action]');"
                + " s.value = [...s.options].find(o => o.textContent.startsWith('CREDIT')).value; })()");
        chromium.focus("form.outcome select[name=outcome]");
        chromium.evaluate("document.activeElement.value = 'ACCEPTED'");
        chromium.tab();
        assertThat(chromium.text("document.activeElement.textContent")).isEqualTo("Record outcome");
        chromium.enter();
        chromium.waitFor("document.querySelectorAll('table.contacts tbody tr').length === 1");
        assertThat(chromium.text("document.querySelector('table.contacts tbody tr').textContent"))
                .contains("Call centre", "CREDIT", "ACCEPTED");
        assertThat(chromium.text("document.getElementById('status').textContent")).contains("Outcome ACCEPTED recorded");
        JsonNode history = api.get("/v1/customers/C-1001/context", Api.CHANNEL).json().get("contactHistory");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(history.get(0).get("actionType").asText()).isEqualTo("CREDIT");

        // The same customer by another identifier, with nothing to say about a number nobody holds.
        chromium.focus("#identifier");
        chromium.evaluate("document.activeElement.value = ''");
        chromium.type("+44 7700 900002");
        chromium.enter();
        chromium.waitFor("document.querySelectorAll('.channel').length === 8"
                + " && !document.getElementById('customer').hasAttribute('aria-busy')");
        assertThat(chromium.text("document.querySelector('.customer').dataset.customerId")).isEqualTo("C-1001");
        chromium.evaluate("document.getElementById('identifier').value = ''");
        chromium.focus("#identifier");
        chromium.type("+44 7700 999999");
        chromium.enter();
        chromium.waitFor("!document.getElementById('problem').hidden");
        assertThat(chromium.text("document.getElementById('problem').textContent")).contains("No customer answers to");

        // The analyst's screen is refused to a CHANNEL key, in words.
        chromium.click("#to-analyst");
        chromium.waitFor("document.getElementById('analyst-refused')");
        assertThat(chromium.text("document.getElementById('analyst-refused').textContent"))
                .contains("needs a key with the ANALYST role");
        chromium.screenshot(SCREENSHOTS.resolve("analyst-refused-to-channel-key.png"));

        // A key revoked (or a token expired) while the page is open: the next call sends the user to sign in.
        chromium.evaluate("sessionStorage.setItem('chorus.console.key', 'revoked-key-000000000000000000000000')");
        chromium.click("#to-customer");
        chromium.waitFor("!document.getElementById('customer-view').hidden");
        chromium.focus("#identifier");
        chromium.enter();
        chromium.waitFor("!document.getElementById('sign-in').hidden");
        assertThat(chromium.text("document.getElementById('problem').textContent")).contains("does not know this key");
        assertThat(chromium.evaluate("sessionStorage.length").asInt()).isZero();
        assertThat(chromium.problems()).as("script errors and content security policy violations").isEmpty();
    }

    @Test
    void anAnalystSeesVersionsChallengerFailedLoadConstraintsAndModels() throws Exception {
        Api.Reply deployed = api.post("/v1/rule-sets", Api.ADMIN, RuleSetFolder.withReworded().deployRequest(false));
        assertThat(deployed.status()).as(deployed.toString()).isIn(200, 201);
        String challenger = deployed.json().get("version").asText();
        Api.Reply split = api.put("/v1/rule-sets/challenger", Api.ADMIN,
                "{\"version\": \"" + challenger + "\", \"percent\": 10}");
        assertThat(split.status()).as(split.toString()).isEqualTo(200);
        Files.writeString(rulesDir.resolve("plays/outreach.drl"), BROKEN_RULE, StandardOpenOption.APPEND);
        JsonNode failed = awaitFailedLoad();
        int line = failed.at("/lastFailedLoad/errors/0/line").asInt();

        chromium.open(url("/console#/analyst"));
        signIn(Api.ANALYST);
        chromium.waitFor("document.querySelector('table.versions')");

        assertThat(chromium.evaluate("document.querySelectorAll('table.versions tr[data-status=\"ACTIVE\"]').length")
                .asInt()).isEqualTo(1);
        assertThat(chromium.text("document.querySelector('table.versions tr[data-status=\"CHALLENGER\"] code').title"))
                .isEqualTo(challenger);
        assertThat(chromium.text("document.querySelector('.challenger').textContent")).contains("10% of customers");
        String failedLoad = chromium.text("document.querySelector('.failed-load').textContent");
        assertThat(failedLoad).contains("plays/outreach.drl", String.valueOf(line));
        List<String> constraints = Json.mapper().convertValue(
                chromium.evaluate("[...document.querySelectorAll('table.constraints tbody tr')].map(r => r.dataset.name)"),
                Json.mapper().getTypeFactory().constructCollectionType(List.class, String.class));
        assertThat(constraints).isEqualTo(api.get("/v1/constraints", Api.ANALYST).json().findValuesAsText("name"))
                .isNotEmpty();
        assertThat(chromium.text("document.getElementById('models-title').textContent")).startsWith("Propensity models");
        chromium.screenshot(SCREENSHOTS.resolve("analyst-rule-sets-constraints-models.png"));

        // An ANALYST key cannot look customers up: the agent's screen says which role it lacks.
        chromium.click("#to-customer");
        chromium.waitFor("!document.getElementById('customer-view').hidden");
        chromium.focus("#identifier");
        chromium.type("sam@example.com");
        chromium.enter();
        chromium.waitFor("!document.getElementById('problem').hidden");
        assertThat(chromium.text("document.getElementById('problem').textContent")).contains("needs the CHANNEL role");

        chromium.click("#sign-out");
        chromium.waitFor("!document.getElementById('sign-in').hidden");
        assertThat(chromium.evaluate("sessionStorage.length").asInt()).isZero();
        assertThat(chromium.problems()).as("script errors and content security policy violations").isEmpty();
    }

    private void signIn(String key) throws Exception {
        chromium.focus("#api-key");
        chromium.evaluate("document.activeElement.value = ''");
        chromium.type(key);
        chromium.enter();
    }

    private static String column(String channel) {
        return "document.querySelector('section.channel[data-channel=\"" + channel + "\"]')";
    }

    private String url(String path) {
        return server.getURI().resolve(path).toString();
    }

    private JsonNode awaitFailedLoad() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode rules = api.get("/v1/rules", Api.ANALYST).json();
        while (!rules.has("lastFailedLoad") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            rules = api.get("/v1/rules", Api.ANALYST).json();
        }
        assertThat(rules.has("lastFailedLoad")).as(rules.toString()).isTrue();
        return rules;
    }
}
