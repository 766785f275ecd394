package io.chorus.api.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.RuleSetFolder;
import io.chorus.api.support.SeedStory;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rule sets deployed as versions through the API: the gate refuses what does not compile or fails its
 * scenarios, with file and line, and changes nothing; a version that passes can be activated and rolled back.
 */
@MicronautTest
class RuleSetVersionsTest extends ApiTestBase {

    @BeforeAll
    void storeTheSeedCustomer() {
        Api start = new Api(server.getURI());
        assertThat(start.put("/v1/customers/C-1001", Api.RECORDER, SeedStory.PROFILE_BEFORE_RENEWAL).status())
                .isEqualTo(201);
    }

    private String serving() {
        return api.get("/v1/rules", Api.ANALYST).json().get("version").asText();
    }

    private String decidedBy() {
        return api.post("/v1/decisions", Api.CHANNEL, SeedStory.decisionRequest("WEB")).json()
                .get("ruleSetVersion").asText();
    }

    private Api.Reply deploy(RuleSetFolder folder, boolean activate) {
        return api.post("/v1/rule-sets", Api.ADMIN, folder.deployRequest(activate));
    }

    @Test
    void theFolderTheServiceStartedOnIsStoredAndActive() {
        Api.Reply again = deploy(RuleSetFolder.defaultRules(), true);

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("version").asText()).isEqualTo(serving());
        assertThat(again.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(again.json().at("/scenarios/failed").asInt()).isZero();
        assertThat(again.json().at("/scenarios/passed").asInt()).isPositive();
        JsonNode listed = api.get("/v1/rule-sets", Api.ANALYST).json();
        assertThat(listed).anySatisfy(v -> {
            assertThat(v.get("version").asText()).isEqualTo(serving());
            assertThat(v.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(v.get("activatedAt").asText()).isNotBlank();
        });
    }

    @Test
    void aHalfWrittenRuleFileIsRefusedAtItsLineAndNothingChanges() {
        String before = serving();
        int stored = api.get("/v1/rule-sets", Api.ANALYST).json().size();

        Api.Reply refused = deploy(RuleSetFolder.defaultRules().change("plays/billing.drl",
                text -> text + "\nrule \"Credit what was half saved\"\nwhen\n    Charge( status == \n"), true);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().get("errors")).anySatisfy(e -> {
            assertThat(e.get("file").asText()).isEqualTo("plays/billing.drl");
            assertThat(e.get("line").asInt()).isPositive();
        });
        assertThat(serving()).isEqualTo(before);
        assertThat(api.get("/v1/rule-sets", Api.ANALYST).json()).hasSize(stored);
    }

    @Test
    void aRuleReadingTheEnvironmentIsRefusedAtItsLine() {
        Api.Reply refused = deploy(RuleSetFolder.defaultRules().edit("plays/outreach.drl",
                ".message( \"Call the customer, ask what went wrong and fix it or escalate it.\" )",
                ".message( System.getenv( \"CHORUS_API_KEYS\" ) )"), true);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("errors")).anySatisfy(e -> {
            assertThat(e.get("file").asText()).isEqualTo("plays/outreach.drl");
            assertThat(e.get("line").asInt()).isPositive();
            assertThat(e.get("message").asText()).contains("System.getenv");
        });
    }

    @Test
    void aFailingScenarioIsRefusedAtTheExpectationsLine() {
        Api.Reply refused = deploy(RuleSetFolder.defaultRules().edit("scenarios/removed-sim-still-billed.yaml",
                "{type: CREDIT, amount: 12.50}", "{type: CREDIT, amount: 12.00}"), true);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("errors")).isEmpty();
        assertThat(refused.json().get("failedScenarios")).anySatisfy(f -> {
            assertThat(f.get("file").asText()).isEqualTo("scenarios/removed-sim-still-billed.yaml");
            assertThat(f.get("line").asInt()).isEqualTo(7);
            assertThat(f.get("message").asText()).contains("12.00");
        });
    }

    @Test
    void aSetWithoutItsContactPolicyFailsItsScenariosAndIsRefused() {
        Api.Reply refused = deploy(RuleSetFolder.defaultRules().without("policy/contact-policy.drl"), true);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("failedScenarios")).isNotEmpty();
    }

    @Test
    void aStoredVersionServesOnceActivatedAndTheOldOneCanBeRestored() {
        String original = serving();

        Api.Reply stored = deploy(RuleSetFolder.withReworded(), false);
        String reworded = stored.json().get("version").asText();
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.json().get("status").asText()).isEqualTo("STORED");
        assertThat(decidedBy()).isEqualTo(original);

        Api.Reply activated = api.post("/v1/rule-sets/" + reworded + "/activate", Api.ADMIN, "");
        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(decidedBy()).isEqualTo(reworded);

        Api.Reply rolledBack = api.post("/v1/rule-sets/" + original + "/activate", Api.ADMIN, "");
        assertThat(rolledBack.json().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(decidedBy()).isEqualTo(original);
        assertThat(serving()).isEqualTo(original);
    }

    @Test
    void deployingIsForAdminsAndABadRequestNamesTheField() {
        assertThat(api.post("/v1/rule-sets", Api.ANALYST, RuleSetFolder.defaultRules().deployRequest(true)).status())
                .isEqualTo(403);
        assertThat(api.post("/v1/rule-sets", Api.ADMIN, "{\"activate\": true}").json().at("/errors/0/field").asText())
                .isEqualTo("files");
        assertThat(api.post("/v1/rule-sets", Api.ADMIN, "{\"files\": {\"../../etc/passwd\": \"x\"}}").json()
                .at("/errors/0/field").asText()).isEqualTo("files.../../etc/passwd");
        assertThat(api.post("/v1/rule-sets/sha256:unknown/activate", Api.ADMIN, "").status()).isEqualTo(404);
    }
}
