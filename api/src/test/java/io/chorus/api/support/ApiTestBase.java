package io.chorus.api.support;

import io.chorus.testing.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each test class runs the service on its own fresh database, reached over real HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase implements TestPropertyProvider {
    @Inject
    protected EmbeddedServer server;

    protected Api api;

    /** The database URL this class's service runs on, for tests that reach the store or start a second instance. */
    protected String database;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        database = databaseUrl();
        properties.put("datasources.default.url", database);
        properties.putAll(moreProperties());
        return properties;
    }

    /** The database this class runs on; a fresh one unless a test needs to reach it another way. */
    protected String databaseUrl() {
        return TestDatabase.get().newDatabase();
    }

    protected Map<String, String> moreProperties() {
        return Map.of();
    }

    /** Deploys the rule set and makes it the one served, as an administrator would; the version it got. */
    protected String deploy(RuleSetFolder rules) {
        Api.Reply deployed = new Api(server.getURI()).post("/v1/rule-sets", Api.ADMIN, rules.deployRequest(true));
        assertThat(deployed.status()).as(deployed.toString()).isIn(200, 201);
        return deployed.json().get("version").asText();
    }

    @BeforeEach
    void connect() {
        api = new Api(server.getURI());
    }
}
