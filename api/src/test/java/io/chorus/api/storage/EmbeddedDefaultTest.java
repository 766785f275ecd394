package io.chorus.api.storage;

import io.chorus.api.ChorusServer;
import io.chorus.api.support.Api;
import io.chorus.api.support.SeedStory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's first run: no database, no keys. The service starts an embedded PostgreSQL in the data
 * directory, loads the demo customers, makes an ADMIN key; after a restart the key, the data and the history
 * written in between are all still there.
 */
class EmbeddedDefaultTest {
    @TempDir
    Path dataDir;

    @Test
    void givenNoConfiguration_whenServedTwice_thenDemoCustomersKeyAndHistorySurviveTheRestart() throws Exception {
        Path rules = SeedStory.seedCustomerFile().getParent().getParent();
        ChorusServer.Options options = new ChorusServer.Options(-1, null, dataDir, rules, rules.getParent());
        String key;
        String decisionId;
        try (ChorusServer first = ChorusServer.start(options)) {
            assertThat(first.embeddedDatabase()).isTrue();
            key = Files.readString(dataDir.resolve("admin.key")).strip();
            Api api = new Api(URI.create(first.url()));
            Api.Reply decision = api.post("/v1/decisions", key, SeedStory.recordedDecisionRequest("CALL_CENTER"));
            assertThat(decision.status()).as(decision.toString()).isEqualTo(200);
            decisionId = decision.json().get("decisionId").asText();
            String actionId = decision.json().at("/actions/0/actionId").asText();
            assertThat(api.post("/v1/decisions/" + decisionId + "/outcomes", key,
                    "{\"actionId\": \"" + actionId + "\", \"outcome\": \"PRESENTED\"}").status()).isEqualTo(201);
        }

        try (ChorusServer second = ChorusServer.start(options)) {
            Api api = new Api(URI.create(second.url()));
            Api.Reply context = api.get("/v1/customers/C-1001/context", key);
            assertThat(context.status()).as(context.toString()).isEqualTo(200);
            assertThat(context.json().get("contactHistory").findValuesAsText("decisionId")).containsExactly(decisionId);
        }
    }
}
