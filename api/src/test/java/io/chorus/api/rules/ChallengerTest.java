package io.chorus.api.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.chorus.api.support.Api;
import io.chorus.api.support.ApiTestBase;
import io.chorus.api.support.RuleSetFolder;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A challenger version decides a stable share of customers; each side's action mix is shown. */
@MicronautTest
class ChallengerTest extends ApiTestBase {

    /** A customer with a removed tablet still billed: every channel shows a credit and a billing correction. */
    private static String decisionFor(int n) {
        return """
                {"channel": "WEB", "asOf": "2026-05-20T10:00:00Z",
                 "context": {"customerId": "C-77%1$03d", "segment": "CONSUMER",
                   "accounts": [{"accountId": "CA-%1$d", "status": "ACTIVE", "openedAt": "2022-01-01"}],
                   "subscriptions": [{"subscriptionId": "S-%1$d", "accountId": "CA-%1$d", "kind": "DATA_ONLY",
                     "device": "TABLET", "status": "REMOVED", "activatedAt": "2022-01-01", "endedAt": "2026-03-01"}],
                   "charges": [{"chargeId": "CH-%1$d", "accountId": "CA-%1$d", "subscriptionId": "S-%1$d",
                     "billMonth": "2026-04", "amount": 10.00, "kind": "RECURRING", "status": "BILLED"}]}}
                """.formatted(n);
    }

    @Test
    void aChallengerTakesAStableShareOfCustomersAndShowsEachSidesActionMix() {
        String champion = api.get("/v1/rules", Api.ANALYST).json().get("version").asText();
        String challenger = api.post("/v1/rule-sets", Api.ADMIN, RuleSetFolder.withReworded().deployRequest(false))
                .json().get("version").asText();

        Api.Reply set = api.put("/v1/rule-sets/challenger", Api.ADMIN,
                "{\"version\": \"" + challenger + "\", \"percent\": 50}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);

        Map<Integer, String> firstSide = new HashMap<>();
        for (int n = 0; n < 40; n++) {
            JsonNode decision = api.post("/v1/decisions", Api.CHANNEL, decisionFor(n)).json();
            String variant = decision.get("variant").asText();
            firstSide.put(n, variant);
            assertThat(decision.get("ruleSetVersion").asText())
                    .isEqualTo(variant.equals("CHALLENGER") ? challenger : champion);
        }
        for (int n = 0; n < 40; n++) {
            assertThat(api.post("/v1/decisions", Api.CHANNEL, decisionFor(n)).json().get("variant").asText())
                    .as("customer %d stays on its side", n).isEqualTo(firstSide.get(n));
        }
        assertThat(firstSide.values()).contains("CHAMPION", "CHALLENGER");

        JsonNode mix = api.get("/v1/rule-sets/challenger", Api.ANALYST).json();
        assertThat(mix.get("version").asText()).isEqualTo(challenger);
        assertThat(mix.get("percent").asInt()).isEqualTo(50);
        long challengers = firstSide.values().stream().filter("CHALLENGER"::equals).count();
        assertThat(mix.at("/challenger/decisions").asLong()).isEqualTo(2 * challengers);
        assertThat(mix.at("/champion/decisions").asLong()).isEqualTo(2 * (40 - challengers));
        assertThat(mix.at("/challenger/actions/CREDIT").asLong()).isEqualTo(2 * challengers);
        assertThat(api.get("/v1/rule-sets", Api.ANALYST).json()).anySatisfy(v -> {
            assertThat(v.get("version").asText()).isEqualTo(challenger);
            assertThat(v.get("status").asText()).isEqualTo("CHALLENGER");
        });

        assertThat(api.send(api.request("/v1/rule-sets/challenger", Api.ADMIN).DELETE()).status()).isEqualTo(204);
        assertThat(api.post("/v1/decisions", Api.CHANNEL, decisionFor(firstSide.entrySet().stream()
                .filter(e -> e.getValue().equals("CHALLENGER")).findFirst().orElseThrow().getKey()))
                .json().get("variant").asText()).isEqualTo("CHAMPION");
        assertThat(api.get("/v1/rule-sets/challenger", Api.ANALYST).status()).isEqualTo(404);
    }

    @Test
    void aChallengerMustBeAnotherStoredVersionOnAShareFromOneToAHundred() {
        String active = api.get("/v1/rules", Api.ANALYST).json().get("version").asText();

        assertThat(api.put("/v1/rule-sets/challenger", Api.ADMIN, "{\"version\": \"" + active + "\", \"percent\": 0}")
                .json().at("/errors/0/field").asText()).isEqualTo("percent");
        assertThat(api.put("/v1/rule-sets/challenger", Api.ADMIN, "{\"version\": \"" + active + "\", \"percent\": 10}")
                .json().at("/errors/0/field").asText()).isEqualTo("version");
        assertThat(api.put("/v1/rule-sets/challenger", Api.ADMIN, "{\"version\": \"sha256:nope\", \"percent\": 10}")
                .status()).isEqualTo(404);
        assertThat(api.put("/v1/rule-sets/challenger", Api.ANALYST, "{\"version\": \"x\", \"percent\": 10}")
                .status()).isEqualTo(403);
    }
}
