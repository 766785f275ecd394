package io.chorus.api.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An analyst edits the rules while the service runs: a broken file is refused and reported, a good one served. */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RuleReloadTest extends ApiTestBase {
    private static final String BROKEN_RULE = """

            rule "Broken while serving"
            when
                Subscription( status == SubscriptionStatus.REMOVD )
            then
            end
            """;

    private Path rulesDir;
    private String originalVersion;

    @Override
    protected Map<String, String> moreProperties() {
        try {
            rulesDir = Files.createTempDirectory("chorus-rules");
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

    @BeforeAll
    void storeTheCustomer() {
        Api start = new Api(server.getURI());
        assertThat(start.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
        originalVersion = start.get("/v1/rules", Api.ANALYST).json().get("version").asText();
    }

    @Test
    @Order(1)
    void givenTheServingSet_whenRead_thenVersionLoadedAtAndFilesAreShown() {
        JsonNode rules = api.get("/v1/rules", Api.ANALYST).json();

        assertThat(rules.get("version").asText()).startsWith("sha256:");
        assertThat(rules.get("loadedAt").asText()).isNotBlank();
        assertThat(rules.get("files").findValuesAsText("path")).contains("plays/billing.drl",
                "tables/retention-offers.drl.csv");
        assertThat(rules.has("lastFailedLoad")).isFalse();
    }

    @Test
    @Order(2)
    void givenARuleFileBrokenWhileServing_whenTheWatcherSeesIt_thenItIsRefusedAndTheOldSetKeepsServing()
            throws IOException {
        Files.writeString(rulesDir.resolve("plays/outreach.drl"), BROKEN_RULE,
                java.nio.file.StandardOpenOption.APPEND);

        JsonNode rules = awaitRules(r -> r.has("lastFailedLoad"));

        assertThat(rules.get("version").asText()).isEqualTo(originalVersion);
        JsonNode error = rules.at("/lastFailedLoad/errors/0");
        assertThat(error.get("file").asText()).endsWith("plays/outreach.drl");
        String outreach = Files.readString(rulesDir.resolve("plays/outreach.drl"));
        int brokenLine = (int) outreach.substring(0, outreach.indexOf("SubscriptionStatus.REMOVD")).chars()
                .filter(c -> c == '\n').count() + 1;
        assertThat(error.get("line").asInt()).isEqualTo(brokenLine);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("text").asText()).contains("outreach.drl:" + error.get("line").asInt() + ": ");
        Api.Reply decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB"));
        assertThat(decision.status()).isEqualTo(200);
        assertThat(decision.json().get("ruleSetVersion").asText()).isEqualTo(originalVersion);
    }

    @Test
    @Order(3)
    void givenTheFileFixed_whenTheWatcherSeesIt_thenTheNewSetServesDecisions() throws IOException {
        String source = Files.readString(rulesDir.resolve("plays/outreach.drl"));
        Files.writeString(rulesDir.resolve("plays/outreach.drl"), source.replace(BROKEN_RULE,
                "\n// An analyst's comment: a change that compiles.\n"));

        JsonNode rules = awaitRules(r -> !r.get("version").asText().equals(originalVersion));

        Api.Reply decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.recordedDecisionRequest("WEB"));
        assertThat(decision.json().get("ruleSetVersion").asText()).isEqualTo(rules.get("version").asText());
    }

    @Test
    @Order(4)
    void givenTheContactPolicyDeletedWhileServing_whenTheFolderSettles_thenItsScenariosFailAndNothingSwaps()
            throws IOException {
        String serving = api.get("/v1/rules", Api.ANALYST).json().get("version").asText();
        Path policy = rulesDir.resolve("policy/contact-policy.drl");
        String text = Files.readString(policy);
        Files.delete(policy);

        JsonNode rules = awaitRules(r -> r.has("lastFailedLoad") && r.at("/lastFailedLoad/failedScenarios").size() > 0);

        assertThat(rules.get("version").asText()).isEqualTo(serving);
        assertThat(rules.at("/lastFailedLoad/failedScenarios/0/file").asText()).startsWith("scenarios/");
        Api.Reply decision = api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("LETTER"));
        assertThat(decision.json().get("ruleSetVersion").asText()).isEqualTo(serving);

        Files.writeString(policy, text);
        awaitRules(r -> !r.has("lastFailedLoad"));
    }

    private JsonNode awaitRules(Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode rules = api.get("/v1/rules", Api.ANALYST).json();
        while (!condition.test(rules) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            rules = api.get("/v1/rules", Api.ANALYST).json();
        }
        assertThat(condition).as("rules never reached the expected state: " + rules).accepts(rules);
        return rules;
    }
}
